package dev.feedloop.workqueue;

/**
 * A reviewer rejected a demonstration. Published by review inside the rejecting transaction; the
 * work queue listens in that same transaction and puts the task of an on-time demonstration back in
 * the queue. The record lives here, in the module that reacts, because the work queue comes before
 * review in the module order (review → labeling → workqueue), as {@link JudgmentRecorder} does for
 * labeling and ranking.
 *
 * @param taskId the WRITE task the demonstration was submitted for
 * @param late whether it was a late (extra) demonstration, whose task was finished by someone else
 */
public record DemonstrationRejected(long demonstrationId, long taskId, boolean late) {}
