package dev.feedloop.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.SchedulableInstance;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Schedules job executions. Inside a transaction the execution is written in it (it exists only
 * if the transaction commits), and this server looks for due executions right after the commit
 * instead of at its next poll.
 */
@Service
public class Jobs {

    private final ObjectProvider<Scheduler> scheduler;

    /** The scheduler is looked up on use: it is built from the task beans, which may need this. */
    Jobs(ObjectProvider<Scheduler> scheduler) {
        this.scheduler = scheduler;
    }

    /** Schedules the execution unless one with the same task and id is already scheduled. */
    public <T> boolean scheduleIfAbsent(SchedulableInstance<T> execution) {
        boolean scheduled = scheduler.getObject().scheduleIfNotExists(execution);
        if (scheduled) {
            wakeAfterCommit();
        }
        return scheduled;
    }

    private void wakeAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    scheduler.getObject().triggerCheckForDueExecutions();
                }
            });
        } else {
            scheduler.getObject().triggerCheckForDueExecutions();
        }
    }
}
