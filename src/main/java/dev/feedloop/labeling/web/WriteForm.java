package dev.feedloop.labeling.web;

/** The write page's submit: the answer, the candidate it started from (id given at import) and the lease. */
record WriteForm(String leaseToken, String content, String basedOnCandidateId, Integer activeSeconds) {}
