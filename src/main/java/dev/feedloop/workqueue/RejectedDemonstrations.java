package dev.feedloop.workqueue;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Reopens the task of a rejected on-time demonstration, in the review's transaction. */
@Component
class RejectedDemonstrations {

    private final WorkQueue queue;

    RejectedDemonstrations(WorkQueue queue) {
        this.queue = queue;
    }

    @EventListener
    void on(DemonstrationRejected event) {
        if (!event.late()) {
            queue.reopenForAnotherJudgment(event.taskId(), TaskKind.WRITE);
        }
    }
}
