package dev.feedloop.labeling.web;

/**
 * The write page's submit: the answer, the candidate it started from (id given at import), the lease,
 * and the version of the draft the page last saved (to keep the text as the draft if the submit is
 * refused).
 */
record WriteForm(
        String leaseToken, String content, String basedOnCandidateId, Integer activeSeconds, Long draftVersion) {}
