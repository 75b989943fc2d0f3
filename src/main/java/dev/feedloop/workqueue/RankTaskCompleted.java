package dev.feedloop.workqueue;

/**
 * A rank slot of an item (not a gold task) was completed: its on-time ranking is stored and the
 * task is DONE. Published inside the submit's transaction, so what a listener does commits or rolls
 * back with the ranking.
 *
 * @param judgmentId the stored ranking's id
 * @param projectRevision the project row's revision the submit read, for {@code Projects.get(long,
 *     String)} (settings from memory when unchanged)
 */
public record RankTaskCompleted(long projectId, long itemId, long taskId, long judgmentId, String projectRevision) {}
