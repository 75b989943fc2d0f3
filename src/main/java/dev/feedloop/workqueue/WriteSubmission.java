package dev.feedloop.workqueue;

import java.util.Set;
import java.util.UUID;

/**
 * A write task's submit: the answer, the candidate it started from, and how much of the answer was
 * pasted and how much typed.
 *
 * @param content the answer as typed, or {@code null} when missing or not text
 * @param basedOnCandidateId the candidate started from, named as the task showed it, or {@code null}
 * @param pastedChars characters pasted or dropped into the editor, or {@code null} when not counted
 *     (or not a whole number: see {@code mistyped})
 * @param typedChars characters typed into the editor (deletions do not subtract), or {@code null}
 *     when not counted
 * @param mistyped the fields whose JSON value had the wrong type ({@code basedOnCandidateId}, {@code
 *     pastedChars} and {@code typedChars} are told apart from a missing value); empty for page forms
 */
public record WriteSubmission(
        UUID leaseToken,
        Integer activeSeconds,
        String content,
        String basedOnCandidateId,
        Integer pastedChars,
        Integer typedChars,
        Set<String> mistyped)
        implements Submission {

    public WriteSubmission {
        mistyped = Set.copyOf(mistyped);
    }

    /** A submit from a form, where every value is text. */
    public WriteSubmission(
            UUID leaseToken,
            Integer activeSeconds,
            String content,
            String basedOnCandidateId,
            Integer pastedChars,
            Integer typedChars) {
        this(leaseToken, activeSeconds, content, basedOnCandidateId, pastedChars, typedChars, Set.of());
    }

    /** A submit from a form that counted nothing. */
    public WriteSubmission(UUID leaseToken, Integer activeSeconds, String content, String basedOnCandidateId) {
        this(leaseToken, activeSeconds, content, basedOnCandidateId, null, null, Set.of());
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
