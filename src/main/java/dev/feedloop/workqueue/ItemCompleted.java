package dev.feedloop.workqueue;

/**
 * Every task slot of an item is DONE: an on-time submit completed its last open slot (not a gold
 * task). Published inside the submit's transaction, after the item's queue row is locked, so two
 * submits of an item's last two slots take turns and exactly one of them sees the item complete.
 * It is published again when the item becomes complete again later: a rejected demonstration's
 * slot that is done once more, or an extra ranking added after the item was complete (listeners
 * that want an item once keep count themselves; the webhooks do).
 */
public record ItemCompleted(long projectId, long itemId, long taskId) {}
