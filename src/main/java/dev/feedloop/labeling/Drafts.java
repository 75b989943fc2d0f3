package dev.feedloop.labeling;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.ingest.CandidateView;
import dev.feedloop.ingest.Items;
import dev.feedloop.problems.Refusal;
import dev.feedloop.problems.Refusal.FieldError;
import dev.feedloop.projects.LineBreaks;
import dev.feedloop.workqueue.ClaimedTask;
import dev.feedloop.workqueue.HeldLease;
import dev.feedloop.workqueue.ShownCandidate;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueue;
import dev.feedloop.workqueue.WorkQueueRefusals;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Drafts of demonstrations, saved on the server while a labeler types so that nothing is lost on a
 * closed tab or a crash. Only the person holding (or having held, and not yet submitted) a lease on
 * the task may save or read its draft; the draft goes away when the demonstration is stored. Drafts
 * are versioned, so that two tabs or devices on one task do not silently overwrite each other.
 */
@Service
public class Drafts {

    /** The version a page names when it has seen no draft of the task. */
    public static final long NO_DRAFT = 0;

    private final JdbcClient jdbc;
    private final WorkQueue queue;
    private final Items items;

    Drafts(JdbcClient jdbc, WorkQueue queue, Items items) {
        this.jdbc = jdbc;
        this.queue = queue;
        this.items = items;
    }

    /**
     * Saves the draft (with LF line breaks) over version {@code baseVersion}, the one the page last
     * loaded or saved ({@link #NO_DRAFT} when it knows none). When the stored draft has another
     * version, another tab or device saved in between, and the save is refused with a {@link
     * Refusal#draftConflict conflict} unless it carries exactly the stored text. A save
     * that changes the draft raises its version.
     *
     * @param basedOnCandidateId external id of the candidate started from, or {@code null}
     * @param input the characters pasted and typed into the draft so far (totals over its life, not
     *     since the last save); a count given as {@code null} keeps the stored one; refused (400)
     *     when negative
     */
    @Transactional
    public DraftView save(
            long taskId,
            AccountPrincipal me,
            UUID leaseToken,
            String content,
            String basedOnCandidateId,
            long baseVersion,
            InputCounts input) {
        HeldLease task = writeTask(taskId, me, leaseToken);
        InputCounts counts = InputCounts.checked(input.pastedChars(), input.typedChars(), Set.of());
        String text = content == null ? "" : LineBreaks.normalize(content);
        if (text.length() > DemonstrationRecorder.MAX_CONTENT) {
            throw WorkQueueRefusals.invalidSubmission(List.of(
                    new FieldError("content", "must be at most " + DemonstrationRecorder.MAX_CONTENT + " characters")));
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
                    .orElseThrow(() -> WorkQueueRefusals.invalidSubmission(
                            List.of(new FieldError("basedOnCandidateId", "not a candidate of this item"))));
        }
        // One statement, so two tabs saving at once cannot both pass the version check.
        Optional<Long> saved = jdbc.sql("""
                        INSERT INTO draft AS d (task_id, user_id, content, based_on_candidate_id, version, updated_at,
                            pasted_chars, typed_chars)
                        VALUES (:task, :user, :content, :basedOn, 1, now(), :pasted, :typed)
                        ON CONFLICT (task_id, user_id) DO UPDATE
                            SET content = excluded.content, based_on_candidate_id = excluded.based_on_candidate_id,
                                updated_at = now(),
                                pasted_chars = coalesce(excluded.pasted_chars, d.pasted_chars),
                                typed_chars = coalesce(excluded.typed_chars, d.typed_chars),
                                version = CASE WHEN d.content = excluded.content
                                        AND d.based_on_candidate_id IS NOT DISTINCT FROM excluded.based_on_candidate_id
                                    THEN d.version ELSE d.version + 1 END
                            WHERE d.version = :base
                                OR (d.content = excluded.content
                                    AND d.based_on_candidate_id IS NOT DISTINCT FROM excluded.based_on_candidate_id)
                        RETURNING d.version
                        """)
                .param("task", taskId)
                .param("user", me.id())
                .param("content", text)
                .param("basedOn", basedOn)
                .param("base", baseVersion)
                .param("pasted", counts.pastedChars())
                .param("typed", counts.typedChars())
                .query(Long.class)
                .optional();
        if (saved.isEmpty()) {
            throw LabelingRefusals.draftConflict(
                    taskId, find(taskId, me.id()).map(DraftView::version).orElse(NO_DRAFT));
        }
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

    /**
     * The draft of a task just leased to {@code userId} in this transaction ({@link
     * WorkQueue#open}), so the lease needs no second check.
     */
    Optional<DraftView> ofClaimed(ClaimedTask task, long userId) {
        return find(task.taskId(), userId).map(draft -> shownAs(draft, task.candidates()));
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
        return new DraftView(draft.taskId(), draft.content(), name, draft.version(), draft.updatedAt(), draft.input());
    }

    private HeldLease writeTask(long taskId, AccountPrincipal me, UUID leaseToken) {
        HeldLease task = queue.requireLeaseHolder(taskId, me, leaseToken);
        if (task.kind() != TaskKind.WRITE) {
            throw WorkQueueRefusals.invalidSubmission(
                    List.of(new FieldError("taskId", "only write tasks have drafts")));
        }
        return task;
    }

    private Optional<DraftView> find(long taskId, long userId) {
        return jdbc.sql("""
                        SELECT d.task_id, d.content, c.external_id AS based_on, d.version, d.updated_at,
                               d.pasted_chars, d.typed_chars
                        FROM draft d LEFT JOIN candidate c ON c.id = d.based_on_candidate_id
                        WHERE d.task_id = ? AND d.user_id = ?
                        """)
                .params(taskId, userId)
                .query((rs, n) -> new DraftView(
                        rs.getLong("task_id"),
                        rs.getString("content"),
                        rs.getString("based_on"),
                        rs.getLong("version"),
                        rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                        Demonstrations.inputCounts(rs)))
                .optional();
    }
}
