package dev.feedloop.labeling;

import dev.feedloop.ingest.CandidateView;
import dev.feedloop.ingest.Items;
import dev.feedloop.problems.Refusal;
import dev.feedloop.problems.Refusal.FieldError;
import dev.feedloop.projects.LineBreaks;
import dev.feedloop.workqueue.JudgmentRecorder;
import dev.feedloop.workqueue.JudgmentToRecord;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueueRefusals;
import dev.feedloop.workqueue.WriteSubmission;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stores write submits as demonstrations: {@code content} (the answer, not blank) and optional
 * {@code basedOnCandidateId} (the candidate the labeler started from, named as the task showed it:
 * its id given at import, or its label when the project hides model names). The answer is stored
 * with LF line breaks. A repeated submit is the same demonstration when its text is the same after
 * that normalisation (the candidate started from does not count). Optional {@code pastedChars} and
 * {@code typedChars} ({@link InputCounts}) must be whole numbers, 0 or more. The labeler's draft
 * for the task is removed once the demonstration is stored. The newest model draft of the lease
 * (when the labeler did not start from a candidate) and its newest critique ({@link WritingHelp})
 * are linked to the demonstration.
 */
@Component
class DemonstrationRecorder implements JudgmentRecorder {

    /** Longest demonstration accepted, in characters. */
    static final int MAX_CONTENT = 100_000;

    private final JdbcClient jdbc;
    private final Items items;
    private final ApplicationEventPublisher events;

    DemonstrationRecorder(JdbcClient jdbc, Items items, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.items = items;
        this.events = events;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.WRITE;
    }

    @Override
    public Optional<Long> findByLease(long taskId, UUID leaseToken) {
        return jdbc.sql("SELECT id FROM demonstration WHERE task_id = ? AND lease_token = ?")
                .params(taskId, leaseToken)
                .query(Long.class)
                .optional();
    }

    @Override
    public boolean sameAs(long judgmentId, JudgmentToRecord submission) {
        String content = submission.submission().asWrite().content();
        if (content == null) {
            return false;
        }
        String stored = jdbc.sql("SELECT content FROM demonstration WHERE id = ?")
                .param(judgmentId)
                .query(String.class)
                .single();
        return stored.equals(LineBreaks.normalize(content));
    }

    @Override
    public long record(JudgmentToRecord submission) {
        WriteSubmission submit = submission.submission().asWrite();
        String content = content(submit.content());
        Long basedOn = null;
        if (submit.mistyped().contains("basedOnCandidateId")) {
            throw invalid("basedOnCandidateId", "must be a candidate id");
        }
        InputCounts input = InputCounts.checked(submit.pastedChars(), submit.typedChars(), submit.mistyped());
        if (submit.basedOnCandidateId() != null) {
            String importId = submission.candidateIds().get(submit.basedOnCandidateId());
            basedOn = items.candidates(submission.itemId()).stream()
                    .filter(c -> c.externalId().equals(importId))
                    .map(CandidateView::id)
                    .findFirst()
                    .orElseThrow(() -> invalid("basedOnCandidateId", "not a candidate of this item"));
        }
        long id = jdbc.sql("""
                        INSERT INTO demonstration (task_id, item_id, project_id, author_id, content,
                            based_on_candidate_id, guideline_version, lease_token, late, started_at, active_seconds,
                            pasted_chars, typed_chars, model_draft_id, critique_id)
                        VALUES (:task, :item, :project, :author, :content, :basedOn, :guidelineVersion, :token, :late,
                            :startedAt, :activeSeconds, :pasted, :typed,
                            CASE WHEN CAST(:basedOn AS bigint) IS NULL THEN (SELECT max(a.id) FROM write_assist a
                                WHERE a.task_id = :task AND a.lease_token = :token AND a.user_id = :author
                                    AND a.kind = 'draft') END,
                            (SELECT max(a.id) FROM write_assist a
                                WHERE a.task_id = :task AND a.lease_token = :token AND a.user_id = :author
                                    AND a.kind = 'critique'))
                        RETURNING id
                        """)
                .param("task", submission.taskId())
                .param("item", submission.itemId())
                .param("project", submission.project().id())
                .param("author", submission.userId())
                .param("content", content)
                .param("basedOn", basedOn)
                .param("guidelineVersion", submission.guidelineVersion())
                .param("token", submission.leaseToken())
                .param("late", submission.late())
                .param("startedAt", submission.claimedAt() == null ? null : Timestamp.from(submission.claimedAt()))
                .param("activeSeconds", submission.activeSeconds())
                .param("pasted", input.pastedChars())
                .param("typed", input.typedChars())
                .query(Long.class)
                .single();
        jdbc.sql("DELETE FROM draft WHERE task_id = ? AND user_id = ?")
                .params(submission.taskId(), submission.userId())
                .update();
        events.publishEvent(new DemonstrationSubmitted(
                id, submission.project().id(), submission.itemId(), submission.userId(), submission.late()));
        return id;
    }

    /** The answer with LF line breaks; refused when missing, blank or too long. */
    private static String content(String value) {
        if (value == null || value.isBlank()) {
            throw invalid("content", "write the answer");
        }
        String content = LineBreaks.normalize(value);
        if (content.length() > MAX_CONTENT) {
            throw invalid("content", "must be at most " + MAX_CONTENT + " characters");
        }
        return content;
    }

    private static Refusal invalid(String field, String message) {
        return WorkQueueRefusals.invalidSubmission(List.of(new FieldError(field, message)));
    }
}
