package dev.feedloop.workqueue;

import java.util.UUID;

/**
 * What a person submits for a task, typed: a {@link WriteSubmission} from the write page, a {@link
 * RankSubmission} from the rank page, or both readings of one REST body ({@link AnyKindSubmission},
 * since the submit URL does not name the task's kind). {@link WorkQueue#submit} checks the lease
 * and hands it to the {@link JudgmentRecorder} of the task's kind, which reads its own fields.
 */
public sealed interface Submission permits WriteSubmission, RankSubmission, AnyKindSubmission {

    /** The lease the judgment was made under. */
    UUID leaseToken();

    /** Active time the page reported, or {@code null}. */
    Integer activeSeconds();

    /** This submit read as a write task's: a rank submit carries no answer. */
    WriteSubmission asWrite();

    /** This submit read as a rank task's: a write submit carries no ranking. */
    RankSubmission asRank();

    /**
     * The lease token a page or request sent as text; refused as an invalid {@code leaseToken} when
     * it is missing, blank or not a UUID.
     */
    static UUID leaseToken(String text) {
        if (text == null || text.isBlank()) {
            throw WorkQueueRefusals.invalidRequest("leaseToken", "required");
        }
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            throw WorkQueueRefusals.invalidRequest("leaseToken", "not a lease token");
        }
    }
}
