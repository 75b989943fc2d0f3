package dev.feedloop.workqueue;

/**
 * A rank slot of an item (not a gold task) was completed: its on-time ranking is stored and the
 * task is DONE. Published inside the submit's transaction; listeners that need to see the rankings
 * of other people's transactions (whether the item's round is complete) listen after the commit.
 *
 * @param judgmentId the stored ranking's id
 */
public record RankTaskCompleted(long projectId, long itemId, long taskId, long judgmentId) {}
