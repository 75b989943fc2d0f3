package dev.feedloop.workqueue;

import java.util.Set;
import java.util.UUID;

/**
 * A write task's submit: the answer and the candidate it started from.
 *
 * @param content the answer as typed, or {@code null} when missing or not text
 * @param basedOnCandidateId the candidate started from, named as the task showed it, or {@code null}
 * @param mistyped the fields whose JSON value had the wrong type (only {@code basedOnCandidateId}
 *     is told apart from a missing value); empty for page forms
 */
public record WriteSubmission(
        UUID leaseToken, Integer activeSeconds, String content, String basedOnCandidateId, Set<String> mistyped)
        implements Submission {

    public WriteSubmission {
        mistyped = Set.copyOf(mistyped);
    }

    /** A submit from a form, where every value is text. */
    public WriteSubmission(UUID leaseToken, Integer activeSeconds, String content, String basedOnCandidateId) {
        this(leaseToken, activeSeconds, content, basedOnCandidateId, Set.of());
    }

    @Override
    public WriteSubmission asWrite() {
        return this;
    }

    @Override
    public RankSubmission asRank() {
        return new RankSubmission(leaseToken, activeSeconds, null, null, null, null, null, null, Set.of());
    }
}
