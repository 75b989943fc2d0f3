package dev.feedloop.labeling.web;

import dev.feedloop.workqueue.Submission;
import dev.feedloop.workqueue.WriteSubmission;

/**
 * The write page's submit: the answer, the candidate it started from (id given at import), the lease,
 * and the version of the draft the page last saved (to keep the text as the draft if the submit is
 * refused).
 */
record WriteForm(
        String leaseToken, String content, String basedOnCandidateId, Integer activeSeconds, Long draftVersion) {

    /** The submit for the work queue; refused as an invalid {@code leaseToken} when that is not one. */
    WriteSubmission submission() {
        String basedOn = basedOnCandidateId == null || basedOnCandidateId.isBlank() ? null : basedOnCandidateId;
        return new WriteSubmission(Submission.leaseToken(leaseToken), activeSeconds, content, basedOn);
    }
}
