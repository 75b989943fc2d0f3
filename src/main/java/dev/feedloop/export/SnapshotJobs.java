package dev.feedloop.export;

import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.jobs.Jobs;
import dev.feedloop.projects.ProjectSettings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Snapshots made by durable jobs. Asking for one checks its parameters at once (a bad one is
 * refused as the download would be), fixes its {@code asOf}, and stores a job that any server of
 * the database runs ({@link SnapshotJobWorker}); the answer comes before any line is written.
 */
@Service
public class SnapshotJobs {

    /** How long {@code wait} may hold a request. */
    public static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

    private static final String VIEW = """
            SELECT j.id, p.slug, j.kind, j.format, j.state, j.phase, j.files_done, j.files_total,
                   j.lines_written, j.bytes_written, j.attempts, j.cancel_requested, j.error, j.snapshot_id,
                   u.username, j.created_at, j.started_at, j.finished_at,
                   (SELECT extract(epoch FROM d.finished_at - d.started_at)::float8 FROM snapshot_job d
                    WHERE d.project_id = j.project_id AND d.kind = j.kind AND d.format = j.format
                      AND d.state = 'DONE' AND d.id < j.id ORDER BY d.id DESC LIMIT 1) AS previous_seconds,
                   extract(epoch FROM now() - j.started_at)::float8 AS elapsed_seconds
            FROM snapshot_job j JOIN project p ON p.id = j.project_id LEFT JOIN app_user u ON u.id = j.created_by
            """;

    private final DatasetExporter exporter;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Jobs jobs;
    private final CustomTask<Void> task;

    SnapshotJobs(
            DatasetExporter exporter,
            JdbcClient jdbc,
            JsonMapper json,
            Jobs jobs,
            @Qualifier("snapshotJobTask") CustomTask<Void> task) {
        this.exporter = exporter;
        this.jdbc = jdbc;
        this.json = json;
        this.jobs = jobs;
        this.task = task;
    }

    /**
     * Asks for a snapshot of the export {@code parameters} describe (administrators). The parameters
     * are checked now; {@code asOf} is fixed now when not given, so the snapshot holds what was
     * there when it was asked for, however long the job waits.
     */
    @Transactional
    public SnapshotJobView start(String slug, AccountPrincipal me, ExportKind kind, ExportParameters parameters) {
        ProjectSettings project = exporter.requireExporter(slug, me);
        ExportRequest request = exporter.request(project, kind, parameters);
        long id = jdbc.sql("""
                        INSERT INTO snapshot_job (project_id, kind, format, parameters, files_total, created_by)
                        VALUES (?, ?, ?, ?::jsonb, ?, ?) RETURNING id
                        """)
                .params(
                        project.id(),
                        kind.name(),
                        request.format().key(),
                        json.writeValueAsString(request.describe()),
                        request.split() == SplitSelection.ALL ? 2 : 1,
                        me.id())
                .query(Long.class)
                .single();
        jobs.scheduleIfAbsent(task.schedulableInstance(String.valueOf(id)));
        return find(id);
    }

    /** One job (administrators); 404 when there is none. */
    @Transactional(readOnly = true)
    public SnapshotJobView job(long id, AccountPrincipal me) {
        requireAdmin(me);
        return find(id);
    }

    /** The same for a job reached through its project (pages). */
    @Transactional(readOnly = true)
    public SnapshotJobView job(String slug, long id, AccountPrincipal me) {
        exporter.requireExporter(slug, me);
        SnapshotJobView job = find(id);
        if (!job.project().equals(slug)) {
            throw ExportRefusals.snapshotJobNotFound(id);
        }
        return job;
    }

    /**
     * A project's jobs, newest first, at most 100: all of them, or those in {@code state}
     * ({@code queued}, {@code running}, {@code done}, {@code failed}, {@code cancelled}).
     */
    @Transactional(readOnly = true)
    public List<SnapshotJobView> list(String slug, AccountPrincipal me, String state) {
        ProjectSettings project = exporter.requireExporter(slug, me);
        String wanted = state == null || state.isBlank() ? null : state.strip().toUpperCase(Locale.ROOT);
        if (wanted != null
                && !List.of("QUEUED", "RUNNING", "DONE", "FAILED", "CANCELLED").contains(wanted)) {
            throw ExportRefusals.invalid("state", state);
        }
        return jdbc.sql(VIEW
                        + " WHERE j.project_id = ? AND (?::text IS NULL OR j.state = ?) ORDER BY j.id DESC LIMIT 100")
                .params(project.id(), wanted, wanted)
                .query(this::view)
                .list();
    }

    /**
     * What the export page shows beside the snapshots: jobs still going, and those that failed or
     * were cancelled in the last day (most recent 5), newest first.
     */
    @Transactional(readOnly = true)
    public List<SnapshotJobView> unfinishedOrRecent(long projectId) {
        return jdbc.sql(VIEW + """
                         WHERE j.project_id = ? AND (j.state IN ('QUEUED', 'RUNNING')
                            OR (j.state IN ('FAILED', 'CANCELLED') AND j.finished_at > now() - interval '1 day'))
                        ORDER BY j.id DESC LIMIT 5
                        """).param(projectId).query(this::view).list();
    }

    /**
     * Cancels a job (administrators): a queued one at once; a running one stops its writing
     * statement, rolls back and is cancelled within moments. A job that has ended is a 409.
     */
    @Transactional
    public SnapshotJobView cancel(long id, AccountPrincipal me) {
        requireAdmin(me);
        String state = jdbc.sql("SELECT state FROM snapshot_job WHERE id = ? FOR UPDATE")
                .param(id)
                .query(String.class)
                .optional()
                .orElseThrow(() -> ExportRefusals.snapshotJobNotFound(id));
        switch (state) {
            case "QUEUED" -> jdbc.sql("""
                                UPDATE snapshot_job SET cancel_requested = true, state = 'CANCELLED', finished_at = now()
                                WHERE id = ?
                                """).param(id).update();
            case "RUNNING" -> {
                jdbc.sql("UPDATE snapshot_job SET cancel_requested = true WHERE id = ?")
                        .param(id)
                        .update();
                // the writing transaction names its connection after the job (SET LOCAL: only while it runs)
                jdbc.sql("SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")
                        .param(SnapshotJobWorker.connectionName(id))
                        .query(Long.class)
                        .single();
            }
            default -> throw ExportRefusals.snapshotJobEnded(id, state.toLowerCase(Locale.ROOT));
        }
        return find(id);
    }

    /** The same for a job reached through its project (pages). */
    @Transactional
    public SnapshotJobView cancel(String slug, long id, AccountPrincipal me) {
        job(slug, id, me);
        return cancel(id, me);
    }

    /**
     * The job once it has ended, or as it is after {@code wait} (at most {@link #LONGEST_WAIT});
     * looked at every 100 ms, outside any transaction.
     */
    public SnapshotJobView await(long id, AccountPrincipal me, Duration wait) {
        long deadline = System.nanoTime() + Math.min(wait.toNanos(), LONGEST_WAIT.toNanos());
        SnapshotJobView job = job(id, me);
        while (job.active() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return job;
            }
            job = job(id, me);
        }
        return job;
    }

    SnapshotJobView find(long id) {
        return jdbc.sql(VIEW + " WHERE j.id = ?")
                .param(id)
                .query(this::view)
                .optional()
                .orElseThrow(() -> ExportRefusals.snapshotJobNotFound(id));
    }

    private SnapshotJobView view(ResultSet rs, int row) throws SQLException {
        String state = rs.getString("state");
        Double previous = (Double) rs.getObject("previous_seconds", Double.class);
        Double elapsed = (Double) rs.getObject("elapsed_seconds", Double.class);
        Long eta = "RUNNING".equals(state) && previous != null && elapsed != null
                ? Math.max(0, Math.round(previous - elapsed))
                : null;
        var startedAt = rs.getTimestamp("started_at");
        var finishedAt = rs.getTimestamp("finished_at");
        return new SnapshotJobView(
                rs.getLong("id"),
                rs.getString("slug"),
                ExportKind.valueOf(rs.getString("kind")).key(),
                rs.getString("format"),
                state.toLowerCase(Locale.ROOT),
                rs.getString("phase"),
                rs.getInt("files_done"),
                rs.getInt("files_total"),
                rs.getLong("lines_written"),
                rs.getLong("bytes_written"),
                rs.getInt("attempts"),
                rs.getBoolean("cancel_requested"),
                rs.getString("error"),
                (Long) rs.getObject("snapshot_id", Long.class),
                rs.getString("username"),
                rs.getTimestamp("created_at").toInstant(),
                startedAt == null ? null : startedAt.toInstant(),
                finishedAt == null ? null : finishedAt.toInstant(),
                eta);
    }

    private static void requireAdmin(AccountPrincipal me) {
        if (!me.admin()) {
            throw ExportRefusals.adminsOnly();
        }
    }
}
