package dev.feedloop.workqueue;

/**
 * One person's relation to one item in one kind ({@code item_assignment}). LEASED: took a task of
 * the item (the lease may since have been lost to someone else). RELEASED: gave it back; may have
 * the item again. JUDGED and SKIPPED: done with the item for good.
 */
enum AssignmentState {
    LEASED,
    RELEASED,
    JUDGED,
    SKIPPED
}
