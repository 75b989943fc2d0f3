package dev.feedloop.labeling.web;

import dev.feedloop.labeling.InputCounts;
import dev.feedloop.workqueue.Submission;
import dev.feedloop.workqueue.WriteSubmission;

/**
 * The write page's submit: the answer, the candidate it started from (id given at import), the lease,
 * the version of the draft the page last saved (to keep the text as the draft if the submit is
 * refused), and the characters pasted and typed into the editor over the draft's life.
 */
record WriteForm(
        String leaseToken,
        String content,
        String basedOnCandidateId,
        Integer activeSeconds,
        Long draftVersion,
        Integer pastedChars,
        Integer typedChars) {

    /** The submit for the work queue; refused as an invalid {@code leaseToken} when that is not one. */
    WriteSubmission submission() {
        String basedOn = basedOnCandidateId == null || basedOnCandidateId.isBlank() ? null : basedOnCandidateId;
        return new WriteSubmission(
                Submission.leaseToken(leaseToken), activeSeconds, content, basedOn, pastedChars, typedChars);
    }

    InputCounts input() {
        return new InputCounts(pastedChars, typedChars);
    }
}
