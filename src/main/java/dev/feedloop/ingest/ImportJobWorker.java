package dev.feedloop.ingest;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.feedloop.problems.Refusal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The job that checks and writes an import (task {@code ingest-import}, instance = import id). An
 * execution starts the import over from checking and counts the attempt; the writing is one
 * transaction that also marks the import DONE and deletes its stored upload, so a server killed in
 * the middle leaves nothing of it, and db-scheduler hands the execution to a live server after the
 * dead one's heartbeats stop ({@code feedloop.jobs.missed-heartbeats}). A failing execution is
 * tried {@value #ATTEMPTS} times in all, 10 s apart, then the import is failed with the reason; a
 * refusal (the file has errors) fails it at once, and a cancel ends it FAILED ("cancelled").
 */
@Configuration(proxyBeanMethods = false)
class ImportJobWorker {

    static final String TASK = "ingest-import";
    static final int ATTEMPTS = 3;
    private static final Duration RETRY_DELAY = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(ImportJobWorker.class);

    private final ObjectProvider<Imports> imports;
    private final ImportBatches batches;
    private final TransactionTemplate transactions;
    private final String runner;

    /** {@link Imports} schedules this task, so it is looked up on use. */
    ImportJobWorker(ObjectProvider<Imports> imports, ImportBatches batches, PlatformTransactionManager transactions) {
        this.imports = imports;
        this.batches = batches;
        this.transactions = new TransactionTemplate(transactions);
        this.runner = host() + "/" + ProcessHandle.current().pid();
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }

    @Bean
    CustomTask<Void> importJobTask() {
        return Tasks.custom(TASK, Void.class)
                .onFailureReschedule(Schedules.fixedDelay(RETRY_DELAY))
                .execute(this::execute);
    }

    CompletionHandler<Void> execute(TaskInstance<Void> instance, ExecutionContext context) {
        long id = Long.parseLong(instance.getId());
        Optional<ImportBatches.Job> job = transactions.execute(status -> batches.startAttempt(id, ATTEMPTS, runner));
        if (job.isEmpty()) {
            batches.removeUpload(id);
            return new CompletionHandler.OnCompleteRemove<>();
        }
        try {
            imports.getObject().execute(job.get());
            return new CompletionHandler.OnCompleteRemove<>();
        } catch (RuntimeException e) {
            return failed(id, e);
        }
    }

    private CompletionHandler<Void> failed(long id, RuntimeException e) {
        boolean cancelled = batches.find(id).map(ImportView::cancelRequested).orElse(true);
        if (cancelled) {
            transactions.executeWithoutResult(status -> batches.end(id, ImportBatches.cancelled()));
            return new CompletionHandler.OnCompleteRemove<>();
        }
        if (e instanceof Refusal) {
            // recorded as FAILED with its errors where it was thrown
            batches.removeUpload(id);
            return new CompletionHandler.OnCompleteRemove<>();
        }
        log.warn("Import job {} failed; it is tried again unless it has run out of attempts", id, e);
        int attempts = batches.requeue(id);
        if (attempts >= ATTEMPTS) {
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            transactions.executeWithoutResult(status -> batches.end(
                    id,
                    ImportError.of(
                            0,
                            null,
                            "the import failed on the server " + attempts + " times: " + reason,
                            "ingest.problem.failedAttempts",
                            attempts,
                            reason)));
            return new CompletionHandler.OnCompleteRemove<>();
        }
        return new CompletionHandler.OnCompleteReschedule<>(Schedules.fixedDelay(RETRY_DELAY));
    }
}
