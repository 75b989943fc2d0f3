package dev.feedloop.feedback;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.LineBreaks;
import dev.feedloop.workqueue.WorkQueue;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fix tasks as the write and review pages see them: the feedback behind an item (rating, comment,
 * which candidate is the bad reply), and the writer's "not a real failure", which completes the
 * task without a demonstration and keeps the reason.
 */
@Service
public class Fixes {

    /** The longest reason for "not a real failure". */
    public static final int MAX_REASON = 2000;

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final WorkQueue queue;

    Fixes(JdbcClient jdbc, JsonMapper json, WorkQueue queue) {
        this.jdbc = jdbc;
        this.json = json;
        this.queue = queue;
    }

    /**
     * The feedback behind a fix task's item.
     *
     * @param badReply the external id of the item's candidate that is the bad reply
     * @param rating {@code "up"}, {@code "down"} or the score
     * @param dismissal the writer's "not a real failure", or {@code null}
     */
    public record Fix(
            String traceId,
            String model,
            Object rating,
            String comment,
            List<String> tags,
            String badReply,
            FeedbackView.Dismissal dismissal) {}

    /** The fix behind an item, or empty for an item that did not come from feedback. */
    @Transactional(readOnly = true)
    public Optional<Fix> forItem(long itemId) {
        return jdbc.sql("""
                        SELECT f.trace_id, f.model, f.thumb, f.score, f.comment, f.tags::text AS tags,
                               f.dismissed_reason, f.dismissed_at, u.display_name AS dismissed_by
                        FROM feedback f LEFT JOIN app_user u ON u.id = f.dismissed_by
                        WHERE f.item_id = ?
                        """)
                .param(itemId)
                .query((rs, n) -> new Fix(
                        rs.getString("trace_id"),
                        rs.getString("model"),
                        Feedbacks.rating(rs),
                        rs.getString("comment"),
                        json.readValue(rs.getString("tags"), STRINGS),
                        FeedbackIntake.BAD_REPLY,
                        Feedbacks.dismissal(rs)))
                .optional();
    }

    /**
     * "Not a real failure": the writer holding the fix task {@code taskId} of project {@code slug}
     * under {@code token} says the reply was fine, with a required reason. The task is done without
     * a demonstration and the reason is stored with the feedback, in one transaction. Saying it again
     * under the same lease answers the stored one. 404 for a task that is not a fix task of the
     * project, 422 without a reason, 409 when a fix was submitted under this lease.
     */
    @Transactional
    public FeedbackView.Dismissal dismiss(String slug, long taskId, UUID token, String reason, AccountPrincipal me) {
        record Row(long id, Long dismissedBy) {}
        Row feedback = jdbc.sql("""
                        SELECT f.id, f.dismissed_by
                        FROM feedback f
                        JOIN task t ON t.item_id = f.item_id
                        JOIN project p ON p.id = f.project_id
                        WHERE t.id = ? AND p.slug = ?
                        FOR UPDATE OF f
                        """)
                .params(taskId, slug)
                .query((rs, n) -> new Row(rs.getLong("id"), (Long) rs.getObject("dismissed_by")))
                .optional()
                .orElseThrow(() -> FeedbackRefusals.notAFixTask(taskId));
        String text = reason == null || reason.isBlank() ? null : LineBreaks.normalize(reason.strip());
        if (text == null) {
            throw FeedbackRefusals.reasonRequired();
        }
        if (text.length() > MAX_REASON) {
            throw FeedbackRefusals.reasonTooLong(MAX_REASON);
        }
        boolean closed = queue.closeWithoutJudgment(taskId, me, token);
        if (!closed) {
            if (feedback.dismissedBy() != null && feedback.dismissedBy() == me.id()) {
                return dismissal(feedback.id());
            }
            throw FeedbackRefusals.alreadyFixed(taskId);
        }
        jdbc.sql("""
                        UPDATE feedback SET dismissed_reason = ?, dismissed_by = ?, dismissed_at = now()
                        WHERE id = ?
                        """).params(text, me.id(), feedback.id()).update();
        return dismissal(feedback.id());
    }

    private FeedbackView.Dismissal dismissal(long feedbackId) {
        return jdbc.sql("""
                        SELECT f.dismissed_reason, f.dismissed_at, u.display_name AS dismissed_by
                        FROM feedback f LEFT JOIN app_user u ON u.id = f.dismissed_by WHERE f.id = ?
                        """)
                .param(feedbackId)
                .query((rs, n) -> Feedbacks.dismissal(rs))
                .single();
    }
}
