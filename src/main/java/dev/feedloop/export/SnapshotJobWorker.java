package dev.feedloop.export;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job that writes a snapshot (task {@code export-snapshot}, instance = job id). An execution
 * marks the job running, computes the quality numbers, then writes the files, the card and the
 * manifest in one transaction that also marks the job done: a server killed in the middle leaves
 * no snapshot rows, and db-scheduler hands the execution to a live server after the dead one's
 * heartbeats stop ({@code feedloop.jobs.missed-heartbeats}). A failing execution is tried {@value
 * #ATTEMPTS} times in all, 10 s apart, then the job is failed with the reason; a refusal (the
 * administrator is no longer one, the parameters no longer hold) fails it at once.
 */
@Configuration(proxyBeanMethods = false)
class SnapshotJobWorker {

    static final String TASK = "export-snapshot";
    static final int ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(SnapshotJobWorker.class);

    private final Snapshots snapshots;
    private final DatasetExporter exporter;
    private final Projects projects;
    private final Users users;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final MessageSource messages;
    private final TransactionTemplate transactions;
    private final TransactionTemplate reporting;

    SnapshotJobWorker(
            Snapshots snapshots,
            DatasetExporter exporter,
            Projects projects,
            Users users,
            JdbcClient jdbc,
            JsonMapper json,
            MessageSource messages,
            PlatformTransactionManager transactionManager) {
        this.snapshots = snapshots;
        this.exporter = exporter;
        this.projects = projects;
        this.users = users;
        this.jdbc = jdbc;
        this.json = json;
        this.messages = messages;
        this.transactions = new TransactionTemplate(transactionManager);
        this.reporting = new TransactionTemplate(transactionManager);
        this.reporting.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    @Bean
    CustomTask<Void> snapshotJobTask() {
        return Tasks.custom(TASK, Void.class)
                .onFailureReschedule(Schedules.fixedDelay(Duration.ofSeconds(10)))
                .execute(this::execute);
    }

    /** The name the writing transaction gives its connection, so that a cancel finds it. */
    static String connectionName(long jobId) {
        return "feedloop-snapshot-job-" + jobId;
    }

    private record Started(long projectId, String kind, Map<String, Object> parameters, long createdBy) {}

    CompletionHandler<Void> execute(TaskInstance<Void> instance, ExecutionContext context) {
        long id = Long.parseLong(instance.getId());
        Optional<Started> started = transactions.execute(status -> start(id));
        if (started.isEmpty()) {
            return new CompletionHandler.OnCompleteRemove<>();
        }
        try {
            run(id, started.get());
            return new CompletionHandler.OnCompleteRemove<>();
        } catch (RuntimeException e) {
            return failed(id, e);
        }
    }

    /** Marks the job running and counts the attempt; empty when there is nothing (more) to do. */
    private Optional<Started> start(long id) {
        var row = jdbc.sql("""
                        SELECT project_id, kind, parameters::text, created_by, state, attempts, cancel_requested
                        FROM snapshot_job WHERE id = ? FOR UPDATE
                        """)
                .param(id)
                .query((rs, n) -> Map.<String, Object>of(
                        "project", rs.getLong(1),
                        "kind", rs.getString(2),
                        "parameters", rs.getString(3),
                        "createdBy", rs.getLong(4),
                        "state", rs.getString(5),
                        "attempts", rs.getInt(6),
                        "cancel", rs.getBoolean(7)))
                .optional();
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> job = row.get();
        String state = (String) job.get("state");
        if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
            return Optional.empty();
        }
        if ((Boolean) job.get("cancel")) {
            end(id, "CANCELLED", null);
            return Optional.empty();
        }
        int attempts = (Integer) job.get("attempts");
        if (attempts >= ATTEMPTS) {
            end(
                    id,
                    "FAILED",
                    "The snapshot was started " + attempts
                            + " times and never finished: the servers running it stopped or failed while writing it.");
            return Optional.empty();
        }
        jdbc.sql("""
                        UPDATE snapshot_job SET state = 'RUNNING', attempts = attempts + 1, phase = 'quality',
                            files_done = 0, lines_written = 0, bytes_written = 0,
                            started_at = coalesce(started_at, now())
                        WHERE id = ?
                        """).param(id).update();
        @SuppressWarnings("unchecked")
        Map<String, Object> parameters = json.readValue((String) job.get("parameters"), LinkedHashMap.class);
        return Optional.of(new Started(
                (Long) job.get("project"), (String) job.get("kind"), parameters, (Long) job.get("createdBy")));
    }

    private void run(long id, Started job) {
        UserView creator = users.get(job.createdBy());
        var me = new AccountPrincipal(
                creator.id(), creator.username(), creator.displayName(), creator.admin(), creator.enabled(), null);
        if (!creator.enabled() || !creator.admin()) {
            throw ExportRefusals.adminsOnly();
        }
        ProjectSettings project = exporter.project(projects.get(job.projectId()).slug(), me);
        Map<String, Object> stored = new LinkedHashMap<>(job.parameters());
        stored.remove("kind");
        ExportParameters parameters = json.convertValue(stored, ExportParameters.class);
        ExportRequest request = exporter.request(project, ExportKind.valueOf(job.kind()), parameters);
        snapshots.create(project, me, request, new Progress(id));
    }

    /** Reports to the job row: in the writing transaction, or beside it in a transaction of its own. */
    private final class Progress implements SnapshotProgress {
        private final long id;

        Progress(long id) {
            this.id = id;
        }

        @Override
        public void writing() {
            jdbc.sql("SELECT set_config('application_name', ?, true)")
                    .param(connectionName(id))
                    .query(String.class)
                    .single();
            stopIfCancelled();
        }

        @Override
        public void fileStarted(String name) {
            reporting.executeWithoutResult(status -> jdbc.sql("UPDATE snapshot_job SET phase = ? WHERE id = ?")
                    .params(name, id)
                    .update());
        }

        @Override
        public void fileWritten(SnapshotFileView file) {
            reporting.executeWithoutResult(
                    status -> jdbc.sql("""
                            UPDATE snapshot_job SET files_done = files_done + 1, lines_written = lines_written + ?,
                                bytes_written = bytes_written + ?, phase = 'card'
                            WHERE id = ?
                            """).params(file.rows(), file.size(), id).update());
            stopIfCancelled();
        }

        @Override
        public void written(long snapshotId) {
            jdbc.sql("""
                            UPDATE snapshot_job SET state = 'DONE', snapshot_id = ?, phase = NULL, error = NULL,
                                finished_at = now()
                            WHERE id = ?
                            """).params(snapshotId, id).update();
        }

        private void stopIfCancelled() {
            if (jdbc.sql("SELECT cancel_requested FROM snapshot_job WHERE id = ?")
                    .param(id)
                    .query(Boolean.class)
                    .single()) {
                throw new CancelledJob();
            }
        }
    }

    /** Thrown inside the writing transaction to roll it back when the job was cancelled. */
    private static final class CancelledJob extends RuntimeException {
        CancelledJob() {
            super("cancelled", null, false, false);
        }
    }

    private CompletionHandler<Void> failed(long id, RuntimeException e) {
        boolean cancelled = Boolean.TRUE.equals(
                transactions.execute(status -> jdbc.sql("SELECT cancel_requested FROM snapshot_job WHERE id = ?")
                        .param(id)
                        .query(Boolean.class)
                        .optional()
                        .orElse(true)));
        if (cancelled) {
            transactions.executeWithoutResult(status -> end(id, "CANCELLED", null));
            return new CompletionHandler.OnCompleteRemove<>();
        }
        if (e instanceof Refusal refusal) {
            String reason = messages.getMessage(
                    refusal.getDetailMessageCode(), refusal.getDetailMessageArguments(), Locale.ENGLISH);
            transactions.executeWithoutResult(status -> end(id, "FAILED", reason));
            return new CompletionHandler.OnCompleteRemove<>();
        }
        log.warn("Snapshot job {} failed; it is tried again unless it has run out of attempts", id, e);
        String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        int attempts = transactions.execute(
                status -> jdbc.sql("""
                        UPDATE snapshot_job SET state = 'QUEUED', phase = NULL, error = ? WHERE id = ? RETURNING attempts
                        """).params(reason, id).query(Integer.class).single());
        if (attempts >= ATTEMPTS) {
            transactions.executeWithoutResult(status -> end(id, "FAILED", reason));
            return new CompletionHandler.OnCompleteRemove<>();
        }
        return new CompletionHandler.OnCompleteReschedule<>(Schedules.fixedDelay(Duration.ofSeconds(10)));
    }

    private void end(long id, String state, String error) {
        jdbc.sql("""
                        UPDATE snapshot_job SET state = ?, phase = NULL, error = coalesce(?, error), finished_at = now()
                        WHERE id = ?
                        """).params(state, error, id).update();
    }
}
