package dev.feedloop.workqueue;

import java.util.UUID;

/**
 * What a lease operation (submit, skip) by a person with a lease token on a task amounts to, given
 * the task and the person's assignment for the task's item. The whole lease state machine of a
 * submit is this one decision, so it is tested on its own.
 */
enum LeaseCheck {
    /** The person holds the task's current lease (expired or not, nobody took it over). */
    HOLDS_LEASE,
    /** The person released the task and it is still free: the slot can be theirs again. */
    TASK_FREE,
    /** Someone else took the task over (or finished it) after this person's lease: a late judgment. */
    LEASE_LOST,
    /** The person already submitted under this lease. */
    JUDGED,
    /** The person skipped the task under this lease. */
    SKIPPED,
    /** The person never had this task. */
    NOT_THEIRS,
    /** The person had this task, but under another lease token. */
    WRONG_TOKEN;

    static LeaseCheck of(TaskRow task, AssignmentRow assignment, UUID token) {
        if (assignment == null || assignment.taskId() == null || assignment.taskId() != task.id()) {
            return NOT_THEIRS;
        }
        if (!assignment.leaseToken().equals(token)) {
            return WRONG_TOKEN;
        }
        return switch (assignment.state()) {
            case JUDGED -> JUDGED;
            case SKIPPED -> SKIPPED;
            case LEASED, RELEASED -> {
                if (task.state() == TaskState.LEASED && token.equals(task.leaseToken())) {
                    yield HOLDS_LEASE;
                }
                yield task.state() == TaskState.OPEN ? TASK_FREE : LEASE_LOST;
            }
        };
    }
}
