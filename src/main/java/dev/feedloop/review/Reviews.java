package dev.feedloop.review;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.Users;
import dev.feedloop.feedback.FeedbackFixed;
import dev.feedloop.feedback.Fixes;
import dev.feedloop.ingest.CandidateView;
import dev.feedloop.ingest.ItemWithCandidates;
import dev.feedloop.ingest.Items;
import dev.feedloop.labeling.DemonstrationSubmitted;
import dev.feedloop.labeling.DemonstrationView;
import dev.feedloop.labeling.Demonstrations;
import dev.feedloop.projects.LineBreaks;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.workqueue.DemonstrationRejected;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The review queue of a project and the decisions on it. The queue holds the project's on-time and
 * late demonstrations that have no decision yet (reviewers' own edits are approved by making
 * them), oldest first, never the reviewer's own: a {@code review_pending} row per demonstration,
 * added when it is submitted and removed by the decision, so the next one is an index probe. A decision is one new row; a second decision on
 * the same demonstration is refused, so two reviewers working at once cannot both decide.
 *
 * <p>A rejection is announced as {@link DemonstrationRejected} in its transaction: the work queue
 * puts an on-time demonstration's task back, where somebody other than its author writes a new one;
 * a late demonstration (an extra one) is rejected without that.
 */
@Service
public class Reviews {

    static final int MAX_COMMENT = 5_000;
    static final int MAX_CONTENT = 100_000;

    private static final String PENDING = """
            FROM review_pending d
            WHERE d.project_id = :project AND d.author_id <> :me
            """;

    private final JdbcClient jdbc;
    private final Projects projects;
    private final Demonstrations demonstrations;
    private final Items items;
    private final Users users;
    private final ApplicationEventPublisher events;
    private final Fixes fixes;

    Reviews(
            JdbcClient jdbc,
            Projects projects,
            Demonstrations demonstrations,
            Items items,
            Users users,
            ApplicationEventPublisher events,
            Fixes fixes) {
        this.fixes = fixes;
        this.jdbc = jdbc;
        this.projects = projects;
        this.demonstrations = demonstrations;
        this.items = items;
        this.users = users;
        this.events = events;
    }

    /**
     * The oldest demonstration waiting for {@code me}'s review, or the first one after {@code
     * afterId} in the queue's order when the reviewer passed over some for now.
     */
    @Transactional(readOnly = true)
    public Optional<ReviewTask> next(String slug, AccountPrincipal me, Long afterId) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        String after = afterId == null
                ? ""
                : " AND (d.submitted_at, d.demonstration_id) > (SELECT submitted_at, id FROM demonstration WHERE id = :after)";
        var query = jdbc.sql("SELECT d.demonstration_id " + PENDING + after
                        + " ORDER BY d.submitted_at, d.demonstration_id LIMIT 1")
                .param("project", project.id())
                .param("me", me.id());
        if (afterId != null) {
            query = query.param("after", afterId);
        }
        Optional<Long> id = query.query(Long.class).optional();
        if (id.isEmpty()) {
            return Optional.empty();
        }
        int pending = jdbc.sql("SELECT count(*) " + PENDING)
                .param("project", project.id())
                .param("me", me.id())
                .query(Integer.class)
                .single();
        DemonstrationView demonstration = demonstrations.find(id.get()).orElseThrow();
        ItemWithCandidates item = items.withCandidates(demonstration.itemId());
        CandidateView basedOn = demonstration.basedOnCandidateId() == null
                ? null
                : item.candidates().stream()
                        .filter(c -> c.externalId().equals(demonstration.basedOnCandidateId()))
                        .findFirst()
                        .orElse(null);
        return Optional.of(new ReviewTask(
                demonstration, users.get(demonstration.authorId()).displayName(), item.item(), basedOn, pending));
    }

    /** Puts a labeler's new demonstration in its project's review queue (in the submit's transaction). */
    @EventListener
    public void on(DemonstrationSubmitted event) {
        jdbc.sql("""
                        INSERT INTO review_pending (demonstration_id, project_id, author_id, submitted_at)
                        SELECT id, project_id, author_id, submitted_at FROM demonstration WHERE id = ?
                        ON CONFLICT DO NOTHING
                        """).param(event.demonstrationId()).update();
    }

    /** The demonstration is good as it is. */
    @Transactional
    public ReviewView approve(String slug, long demonstrationId, AccountPrincipal me, String comment) {
        DemonstrationView demonstration = lockForDecision(slug, demonstrationId, me);
        return insert(demonstration, me.id(), ReviewDecision.APPROVED, optionalComment(comment), null);
    }

    /**
     * The demonstration is not usable: {@code comment} says why (required). An on-time
     * demonstration's task goes back to the queue for another labeler.
     */
    @Transactional
    public ReviewView reject(String slug, long demonstrationId, AccountPrincipal me, String comment) {
        String why = optionalComment(comment);
        if (why == null) {
            throw ReviewRefusals.commentRequired();
        }
        DemonstrationView demonstration = lockForDecision(slug, demonstrationId, me);
        ReviewView review = insert(demonstration, me.id(), ReviewDecision.REJECTED, why, null);
        events.publishEvent(
                new DemonstrationRejected(demonstration.id(), demonstration.taskId(), demonstration.late()));
        return review;
    }

    /**
     * The reviewer's corrected version is stored as a new demonstration revising this one, and
     * this one is marked EDITED with a link to it. An unchanged text is a plain approval. The text and
     * the comment are stored with LF line breaks.
     */
    @Transactional
    public ReviewView editAndApprove(
            String slug, long demonstrationId, AccountPrincipal me, String edited, String comment) {
        String content = LineBreaks.normalize(edited);
        if (content == null || content.isBlank()) {
            throw ReviewRefusals.contentRequired();
        }
        if (content.length() > MAX_CONTENT) {
            throw ReviewRefusals.tooLong("content", MAX_CONTENT);
        }
        DemonstrationView demonstration = lockForDecision(slug, demonstrationId, me);
        if (content.strip().equals(demonstration.content().strip())) {
            return insert(demonstration, me.id(), ReviewDecision.APPROVED, optionalComment(comment), null);
        }
        long revision = demonstrations.recordRevision(demonstration.id(), me.id(), content);
        return insert(demonstration, me.id(), ReviewDecision.EDITED, optionalComment(comment), revision);
    }

    /** Every decision on a demonstration, newest first (the first one counts). */
    @Transactional(readOnly = true)
    public List<ReviewView> of(long demonstrationId) {
        return jdbc.sql("""
                        SELECT id, demonstration_id, reviewer_id, decision, comment, edited_demonstration_id, created_at
                        FROM review WHERE demonstration_id = ? ORDER BY created_at DESC, id DESC
                        """)
                .param(demonstrationId)
                .query((rs, n) -> new ReviewView(
                        rs.getLong("id"),
                        rs.getLong("demonstration_id"),
                        rs.getLong("reviewer_id"),
                        ReviewDecision.valueOf(rs.getString("decision")),
                        rs.getString("comment"),
                        (Long) rs.getObject("edited_demonstration_id"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    private DemonstrationView lockForDecision(String slug, long demonstrationId, AccountPrincipal me) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        // The row lock makes decisions on one demonstration take turns; the check below then sees
        // whatever the other reviewer decided.
        Optional<Long> locked = jdbc.sql("SELECT id FROM demonstration WHERE id = ? AND project_id = ? FOR UPDATE")
                .params(demonstrationId, project.id())
                .query(Long.class)
                .optional();
        DemonstrationView demonstration = locked.flatMap(demonstrations::find)
                .filter(d -> d.projectId() == project.id())
                .orElseThrow(() -> ReviewRefusals.notFound(demonstrationId));
        if (demonstration.authorId() == me.id()) {
            throw ReviewRefusals.ownWork(demonstrationId);
        }
        if (!of(demonstrationId).isEmpty()) {
            throw ReviewRefusals.alreadyReviewed(demonstrationId);
        }
        return demonstration;
    }

    /**
     * Stores the decision and publishes {@link DemonstrationReviewed}, and for an approved fix of a
     * feedback {@link FeedbackFixed}.
     */
    private ReviewView insert(
            DemonstrationView demonstration, long reviewerId, ReviewDecision decision, String comment, Long edited) {
        long demonstrationId = demonstration.id();
        jdbc.sql("DELETE FROM review_pending WHERE demonstration_id = ?")
                .param(demonstrationId)
                .update();
        long id = jdbc.sql("""
                        INSERT INTO review (demonstration_id, reviewer_id, decision, comment, edited_demonstration_id)
                        VALUES (?, ?, ?, ?, ?) RETURNING id
                        """)
                .params(demonstrationId, reviewerId, decision.name(), comment, edited)
                .query(Long.class)
                .single();
        events.publishEvent(new DemonstrationReviewed(
                demonstration.projectId(), demonstrationId, demonstration.itemId(), id, decision, reviewerId, edited));
        if (decision != ReviewDecision.REJECTED) {
            fixes.forItem(demonstration.itemId())
                    .ifPresent(fix -> events.publishEvent(new FeedbackFixed(
                            demonstration.projectId(), demonstration.itemId(), fix.traceId(), demonstrationId)));
        }
        return of(demonstrationId).stream()
                .filter(r -> r.id() == id)
                .findFirst()
                .orElseThrow();
    }

    private static String optionalComment(String comment) {
        if (comment == null || comment.isBlank()) {
            return null;
        }
        if (comment.length() > MAX_COMMENT) {
            throw ReviewRefusals.tooLong("comment", MAX_COMMENT);
        }
        return LineBreaks.normalize(comment.strip());
    }
}
