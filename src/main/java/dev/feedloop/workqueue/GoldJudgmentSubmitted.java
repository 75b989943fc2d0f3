package dev.feedloop.workqueue;

/**
 * A person stored their ranking of a gold task. Published inside the submit's transaction, so what
 * a listener does (checking the person's gold accuracy, pausing them) commits or rolls back with the
 * ranking.
 *
 * @param judgmentId the stored ranking's id
 */
public record GoldJudgmentSubmitted(long projectId, long itemId, long userId, long judgmentId) {}
