package dev.feedloop.workqueue;

import dev.feedloop.problems.Refusal;
import java.util.Optional;
import java.util.UUID;

/**
 * Stores the judgments of one {@link TaskKind}. The work queue does not know how judgments look:
 * the module that owns them (labeling for {@link TaskKind#WRITE}, ranking for {@link
 * TaskKind#RANK}) implements this interface as a Spring bean, and {@link WorkQueue#submit} calls it
 * inside its transaction, after checking the lease and before marking the task done.
 */
public interface JudgmentRecorder {

    /** The kind of task whose judgments this recorder stores. */
    TaskKind kind();

    /**
     * The judgment already stored for this lease, if any: a repeated submit (double click, retry
     * after a timeout) answers it instead of storing another.
     */
    Optional<Long> findByLease(long taskId, UUID leaseToken);

    /**
     * Whether a repeated submit carries the same judgment as the one stored under its lease
     * ({@code judgmentId}): the same content once normalised the way {@link #record} stores it. A
     * repeat that is not the same (or not valid) is refused with {@link
     * Refusal#submitConflict}, so a second tab's different work is never answered as
     * stored.
     */
    boolean sameAs(long judgmentId, JudgmentToRecord judgment);

    /**
     * Validates the kind's fields of {@link JudgmentToRecord#submission()} against the project's settings
     * and stores the judgment; returns its id. Invalid content is refused with {@link
     * Refusal#invalidSubmission}, and then nothing of the submit is stored.
     */
    long record(JudgmentToRecord judgment);
}
