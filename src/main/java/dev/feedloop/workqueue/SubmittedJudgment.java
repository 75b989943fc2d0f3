package dev.feedloop.workqueue;

/**
 * The answer to a submit.
 *
 * @param judgmentId the demonstration or ranking stored for this lease
 * @param created {@code false} when the same lease was submitted before and this is that
 *     judgment (nothing new was stored)
 * @param late whether the judgment was stored after the lease had been lost to someone else; it is
 *     kept as an extra judgment and did not complete the task
 */
public record SubmittedJudgment(long judgmentId, boolean created, boolean late) {}
