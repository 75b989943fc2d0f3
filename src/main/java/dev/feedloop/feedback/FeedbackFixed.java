package dev.feedloop.feedback;

/**
 * The fix of a feedback was approved: a reviewer approved (or corrected and approved) a
 * demonstration of the fix task's item. Defined here, published by {@code review.Reviews} in the
 * decision's transaction (review comes after feedback, so feedback cannot see review's types).
 *
 * @param traceId the feedback's trace id, as its client sent it
 * @param demonstrationId the approved demonstration
 */
public record FeedbackFixed(long projectId, long itemId, String traceId, long demonstrationId) {}
