package dev.feedloop.labeling;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.ingest.CandidateView;
import dev.feedloop.ingest.Items;
import dev.feedloop.workqueue.FieldProblem;
import dev.feedloop.workqueue.LeasedTask;
import dev.feedloop.workqueue.ShownCandidate;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueue;
import dev.feedloop.workqueue.WorkQueueException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Drafts of demonstrations, saved on the server while a labeler types so that nothing is lost on a
 * closed tab or a crash. Only the person holding (or having held, and not yet submitted) a lease on
 * the task may save or read its draft; the draft goes away when the demonstration is stored.
 */
@Service
public class Drafts {

    private final JdbcClient jdbc;
    private final WorkQueue queue;
    private final Items items;

    Drafts(JdbcClient jdbc, WorkQueue queue, Items items) {
        this.jdbc = jdbc;
        this.queue = queue;
        this.items = items;
    }

    /**
     * Saves the draft, replacing the previous one.
     *
     * @param basedOnCandidateId external id of the candidate started from, or {@code null}
     */
    @Transactional
    public DraftView save(
            long taskId, AccountPrincipal me, UUID leaseToken, String content, String basedOnCandidateId) {
        LeasedTask task = writeTask(taskId, me, leaseToken);
        String text = content == null ? "" : content;
        if (text.length() > DemonstrationRecorder.MAX_CONTENT) {
            throw WorkQueueException.invalidSubmission(List.of(new FieldProblem(
                    "content", "must be at most " + DemonstrationRecorder.MAX_CONTENT + " characters")));
        }
        Long basedOn = null;
        List<ShownCandidate> shown = List.of();
        if (basedOnCandidateId != null && !basedOnCandidateId.isBlank()) {
            shown = queue.shownCandidates(taskId, me, leaseToken);
            String importId = shown.stream()
                    .filter(c -> c.id().equals(basedOnCandidateId))
                    .map(ShownCandidate::importId)
                    .findFirst()
                    .orElse(null);
            basedOn = items.candidates(task.itemId()).stream()
                    .filter(c -> c.externalId().equals(importId))
                    .map(CandidateView::id)
                    .findFirst()
                    .orElseThrow(() -> WorkQueueException.invalidSubmission(
                            List.of(new FieldProblem("basedOnCandidateId", "not a candidate of this item"))));
        }
        jdbc.sql("""
                        INSERT INTO draft (task_id, user_id, content, based_on_candidate_id, updated_at)
                        VALUES (:task, :user, :content, :basedOn, now())
                        ON CONFLICT (task_id, user_id) DO UPDATE
                            SET content = excluded.content, based_on_candidate_id = excluded.based_on_candidate_id,
                                updated_at = now()
                        """)
                .param("task", taskId)
                .param("user", me.id())
                .param("content", text)
                .param("basedOn", basedOn)
                .update();
        return shownAs(find(taskId, me.id()).orElseThrow(), shown);
    }

    /** The saved draft of this lease's task, if any. */
    @Transactional
    public Optional<DraftView> get(long taskId, AccountPrincipal me, UUID leaseToken) {
        writeTask(taskId, me, leaseToken);
        return find(taskId, me.id())
                .map(draft -> draft.basedOnCandidateId() == null
                        ? draft
                        : shownAs(draft, queue.shownCandidates(taskId, me, leaseToken)));
    }

    /** The draft with the candidate it is based on named as the task shows it ({@code shown}). */
    private static DraftView shownAs(DraftView draft, List<ShownCandidate> shown) {
        if (draft.basedOnCandidateId() == null) {
            return draft;
        }
        String name = shown.stream()
                .filter(c -> c.importId().equals(draft.basedOnCandidateId()))
                .map(ShownCandidate::id)
                .findFirst()
                .orElse(null);
        return new DraftView(draft.taskId(), draft.content(), name, draft.updatedAt());
    }

    private LeasedTask writeTask(long taskId, AccountPrincipal me, UUID leaseToken) {
        LeasedTask task = queue.requireLeaseHolder(taskId, me, leaseToken);
        if (task.kind() != TaskKind.WRITE) {
            throw WorkQueueException.invalidSubmission(
                    List.of(new FieldProblem("taskId", "only write tasks have drafts")));
        }
        return task;
    }

    private Optional<DraftView> find(long taskId, long userId) {
        return jdbc.sql("""
                        SELECT d.task_id, d.content, c.external_id AS based_on, d.updated_at
                        FROM draft d LEFT JOIN candidate c ON c.id = d.based_on_candidate_id
                        WHERE d.task_id = ? AND d.user_id = ?
                        """)
                .params(taskId, userId)
                .query((rs, n) -> new DraftView(
                        rs.getLong("task_id"),
                        rs.getString("content"),
                        rs.getString("based_on"),
                        rs.getObject("updated_at", OffsetDateTime.class).toInstant()))
                .optional();
    }
}
