package dev.feedloop.workqueue;

/**
 * A lease a person holds or held and has not used up, checked for work under it (drafts, the
 * word diff): the task it is on, without the content ({@link WorkQueue#requireLeaseHolder}).
 *
 * @param leaseLost someone else took the task over; what the person submits will be a late judgment
 */
public record HeldLease(long taskId, long projectId, long itemId, TaskKind kind, boolean leaseLost) {}
