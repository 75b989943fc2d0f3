package dev.feedloop.labeling;

/**
 * A labeler's demonstration was stored. Published synchronously inside the submit transaction, so
 * listeners (the review queue) commit or roll back with it. Reviewers' revisions are not announced:
 * they are approved by being made.
 *
 * @param late stored after the labeler's lease had gone to someone else (an extra demonstration)
 */
public record DemonstrationSubmitted(long demonstrationId, long projectId, long itemId, long authorId, boolean late) {}
