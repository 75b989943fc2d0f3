package dev.feedloop.workqueue;

/**
 * Life cycle of a task. OPEN → LEASED on a claim; LEASED → OPEN on release or skip; LEASED →
 * LEASED when someone else claims it after the lease expired; LEASED (or OPEN, when the person
 * whose lease it was submits after a release) → DONE on an on-time submit. DONE is final.
 */
enum TaskState {
    OPEN,
    LEASED,
    DONE
}
