package dev.feedloop.workqueue;

/**
 * A task behind a lease a person holds or held (see {@link WorkQueue#requireLeaseHolder}).
 *
 * @param leaseLost someone else took the task over; what the person submits will be a late judgment
 */
public record LeasedTask(long taskId, long projectId, long itemId, TaskKind kind, boolean leaseLost) {}
