package dev.feedloop.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code import_batch} rows: the import history and the progress of running imports. Every
 * change but the final one of a successful import commits on its own (a new transaction), so that
 * progress is visible while the import's own transaction is still open, and a refused import stays
 * in the history.
 *
 * <p>While its upload is being stored ({@code phase = 'uploading'}) an import is owned by the server
 * receiving it: that server holds a session-level advisory lock ({@value #OWNER_LOCKS}, id) on a
 * connection of its own until the job is scheduled. An uploading row without that lock belongs to
 * a server that died; {@link #failAbandoned()} marks such rows FAILED. Once queued, the import is
 * a job of {@code ImportJobWorker}, which db-scheduler gives to a live server.
 */
@Component
class ImportBatches {

    /** First key of the advisory locks by which a server owns its running imports. */
    static final int OWNER_LOCKS = 7302;

    private static final Logger log = LoggerFactory.getLogger(ImportBatches.class);
    private static final TypeReference<List<ImportError>> ERRORS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final DataSource dataSource;
    private final TransactionTemplate separate;

    ImportBatches(JdbcClient jdbc, JsonMapper json, DataSource dataSource, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.dataSource = dataSource;
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Records a new import, owned by this server until the answer is closed. The row and the owner's
     * lock commit together, so no other server ever sees the row without its owner.
     */
    Owned start(
            long projectId, long userId, String fileName, ImportFormat format, UUID clientToken, PriorsMode priors) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            long id;
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO import_batch (project_id, user_id, file_name, format, client_token, priors, phase)
                    VALUES (?, ?, ?, ?, ?, ?, 'uploading') RETURNING id
                    """)) {
                insert.setLong(1, projectId);
                insert.setLong(2, userId);
                insert.setString(3, fileName);
                insert.setString(4, format.name());
                insert.setObject(5, clientToken);
                insert.setString(6, priors.name());
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            lockOwner(connection, "pg_advisory_lock", id);
            connection.commit();
            connection.setAutoCommit(true);
            return new Owned(id, connection);
        } catch (SQLException e) {
            closeQuietly(connection);
            throw new org.springframework.dao.DataAccessResourceFailureException("Cannot record the import", e);
        } catch (RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    /** A running import and the connection whose advisory lock says this server runs it. */
    final class Owned implements AutoCloseable {
        private final long id;
        private final Connection connection;

        private Owned(long id, Connection connection) {
            this.id = id;
            this.connection = connection;
        }

        long id() {
            return id;
        }

        /** Releases ownership; the import must be finished (DONE or FAILED) by now. */
        @Override
        public void close() {
            try {
                lockOwner(connection, "pg_advisory_unlock", id);
            } catch (SQLException e) {
                log.warn("Could not release the owner lock of import {}: {}", id, e.getMessage());
            } finally {
                closeQuietly(connection);
            }
        }
    }

    private static void lockOwner(Connection connection, String function, long id) throws SQLException {
        try (PreparedStatement lock =
                connection.prepareStatement("SELECT " + function + "(" + OWNER_LOCKS + ", (? % 2147483647)::int)")) {
            lock.setLong(1, id);
            lock.executeQuery().close();
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Closing an import owner connection failed", e);
            }
        }
    }

    /**
     * Marks FAILED every import whose upload a server that no longer runs was storing (no session
     * holds its owner lock), and removes what it stored; rows being updated right now are left for
     * the next time. Imports recorded before jobs (no phase) left running count too.
     *
     * @return the ids of the imports marked
     */
    List<Long> failAbandoned() {
        String errors = json.writeValueAsString(List.of(ImportError.of(
                0,
                null,
                "the server running the import stopped; nothing was imported",
                "ingest.problem.serverStopped")));
        return separate.execute(status -> jdbc.sql("""
                        WITH abandoned AS (
                            SELECT b.id FROM import_batch b
                            WHERE b.status IN ('VALIDATING', 'WRITING')
                              AND (b.phase IS NULL OR b.phase = 'uploading')
                              AND NOT EXISTS (
                                  SELECT 1 FROM pg_locks l
                                  WHERE l.locktype = 'advisory'
                                    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                                    AND l.classid = :owners::oid
                                    AND l.objid = (b.id % 2147483647)::oid
                                    AND l.objsubid = 2)
                            FOR UPDATE SKIP LOCKED),
                        removed AS (DELETE FROM import_upload WHERE import_id IN (SELECT id FROM abandoned))
                        UPDATE import_batch SET status = 'FAILED', errors = :errors::jsonb, error_count = 1,
                            phase = NULL, finished_at = now()
                        WHERE id IN (SELECT id FROM abandoned)
                        RETURNING id
                        """)
                .param("owners", OWNER_LOCKS)
                .param("errors", errors)
                .query(Long.class)
                .list());
    }

    /**
     * Marks the import FAILED with the problem {@code reason} unless it has finished: the last word on an import
     * that ended in an unexpected way (an error of the server, a lost client, running out of memory).
     */
    void failIfUnfinished(long id, ImportError reason) {
        separate.executeWithoutResult(status -> jdbc.sql("""
                        UPDATE import_batch SET status = 'FAILED', errors = ?::jsonb, error_count = 1, phase = NULL,
                            finished_at = now()
                        WHERE id = ? AND status IN ('VALIDATING', 'WRITING')
                        """)
                .params(json.writeValueAsString(List.of(reason)), id)
                .update());
    }

    void stored(long id, long bytes, long lines) {
        separate.executeWithoutResult(
                status -> jdbc.sql("UPDATE import_batch SET bytes_total = ?, lines_total = ? WHERE id = ?")
                        .params(bytes, lines, id)
                        .update());
    }

    /**
     * Records what storing the upload found and hands the import to its job; {@code false} when it
     * has ended meanwhile (cancelled while uploading).
     */
    boolean queued(long id, StoredUpload stored) {
        return separate.execute(status -> jdbc.sql("""
                                UPDATE import_batch SET bytes_total = ?, lines_total = ?, encoding_errors = ?::jsonb,
                                    bad_lines = ?::bigint[], phase = 'queued'
                                WHERE id = ? AND status IN ('VALIDATING', 'WRITING')
                                """)
                        .params(
                                stored.bytes(),
                                stored.lines(),
                                json.writeValueAsString(stored.encodingErrors()),
                                stored.badLines().stream()
                                        .sorted()
                                        .map(String::valueOf)
                                        .collect(java.util.stream.Collectors.joining(",", "{", "}")),
                                id)
                        .update())
                > 0;
    }

    /** What a job needs to check and write an import. */
    record Job(
            long id,
            long projectId,
            Long userId,
            ImportFormat format,
            PriorsMode priors,
            long bytes,
            long lines,
            List<ImportError> encodingErrors,
            java.util.Set<Long> badLines) {}

    /** The import is not to go on: it was cancelled. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    /**
     * Starts an execution of the import's job (in the caller's transaction): counts the attempt and
     * starts over from checking. Empty when there is nothing (more) to do: the import has ended, was
     * cancelled, or has had {@code attempts} executions already (then it is failed with that reason).
     */
    Optional<Job> startAttempt(long id, int attempts, String runner) {
        var row = jdbc.sql("""
                        SELECT status, attempts, cancel_requested FROM import_batch WHERE id = ? FOR NO KEY UPDATE
                        """)
                .param(id)
                .query((rs, n) -> new Object[] {rs.getString(1), rs.getInt(2), rs.getBoolean(3)})
                .optional();
        if (row.isEmpty() || ImportStatus.valueOf((String) row.get()[0]).finished()) {
            return Optional.empty();
        }
        if ((Boolean) row.get()[2]) {
            end(id, cancelled());
            return Optional.empty();
        }
        if ((Integer) row.get()[1] >= attempts) {
            end(
                    id,
                    ImportError.of(
                            0,
                            null,
                            "the import was started " + attempts
                                    + " times and never finished: the servers running it stopped or failed",
                            "ingest.problem.attemptsUsed",
                            attempts));
            return Optional.empty();
        }
        return Optional.of(jdbc.sql("""
                        UPDATE import_batch SET status = 'VALIDATING', phase = 'checking', attempts = attempts + 1,
                            lines_read = 0, lines_written = 0, running_since = now(), runner = ?
                        WHERE id = ?
                        RETURNING id, project_id, format, priors, bytes_total, lines_total, encoding_errors::text,
                            bad_lines, user_id
                        """)
                .params(runner, id)
                .query((rs, n) -> new Job(
                        rs.getLong(1),
                        rs.getLong(2),
                        (Long) rs.getObject(9, Long.class),
                        ImportFormat.valueOf(rs.getString(3)),
                        PriorsMode.valueOf(rs.getString(4)),
                        rs.getLong(5),
                        rs.getLong(6),
                        json.readValue(rs.getString(7), ERRORS),
                        new java.util.HashSet<>(
                                java.util.Arrays.asList((Long[]) rs.getArray(8).getArray()))))
                .single());
    }

    /** A failed execution that will be tried again: back in the queue, with the reason noted. */
    int requeue(long id) {
        return separate.execute(
                status -> jdbc.sql("""
                        UPDATE import_batch SET status = 'VALIDATING', phase = 'queued', running_since = NULL,
                            runner = NULL
                        WHERE id = ? RETURNING attempts
                        """).param(id).query(Integer.class).single());
    }

    /** Ends the import as FAILED with {@code reason} (unless it has ended) and removes its upload. */
    void end(long id, ImportError reason) {
        jdbc.sql("""
                        UPDATE import_batch SET status = 'FAILED', errors = ?::jsonb, error_count = 1, phase = NULL,
                            finished_at = now()
                        WHERE id = ? AND status IN ('VALIDATING', 'WRITING')
                        """).params(json.writeValueAsString(List.of(reason)), id).update();
        jdbc.sql("DELETE FROM import_upload WHERE import_id = ?").param(id).update();
    }

    static ImportError cancelled() {
        return ImportError.of(0, null, "the import was cancelled; nothing was imported", "ingest.problem.cancelled");
    }

    /**
     * Asks the import to stop: one still uploading or queued ends at once; a running one is flagged
     * (its execution stops at its next progress report, or when its statement is cancelled). Answers
     * the phase it was in, or empty when it has ended.
     */
    Optional<String> requestCancel(long id) {
        var phase = jdbc.sql("""
                        SELECT coalesce(phase, 'checking') FROM import_batch
                        WHERE id = ? AND status IN ('VALIDATING', 'WRITING') FOR NO KEY UPDATE
                        """).param(id).query(String.class).optional();
        if (phase.isEmpty()) {
            return phase;
        }
        jdbc.sql("UPDATE import_batch SET cancel_requested = true WHERE id = ?")
                .param(id)
                .update();
        if (phase.get().equals("uploading") || phase.get().equals("queued")) {
            end(id, cancelled());
        }
        return phase;
    }

    /** Deletes the stored upload of an import that has ended. */
    void removeUpload(long id) {
        separate.executeWithoutResult(status -> jdbc.sql("DELETE FROM import_upload WHERE import_id = ?")
                .param(id)
                .update());
    }

    /** Progress of the checking pass; throws {@link Cancelled} when the import is to stop. */
    void linesRead(long id, long lines) {
        progress("lines_read", id, lines);
    }

    private void progress(String column, long id, long lines) {
        boolean cancel = separate.execute(
                status -> jdbc.sql("UPDATE import_batch SET " + column + " = ? WHERE id = ? RETURNING cancel_requested")
                        .params(lines, id)
                        .query(Boolean.class)
                        .optional()
                        .orElse(false));
        if (cancel) {
            throw new Cancelled();
        }
    }

    void writing(long id) {
        separate.executeWithoutResult(status -> jdbc.sql("""
                        UPDATE import_batch SET status = 'WRITING', phase = 'writing',
                            lines_read = coalesce(lines_total, lines_read)
                        WHERE id = ?
                        """).param(id).update());
    }

    /** Progress of the writing pass; throws {@link Cancelled} when the import is to stop. */
    void linesWritten(long id, long lines) {
        progress("lines_written", id, lines);
    }

    void failed(long id, List<ImportError> errors, long errorCount) {
        separate.executeWithoutResult(status -> jdbc.sql("""
                        UPDATE import_batch SET status = 'FAILED', errors = ?::jsonb, error_count = ?, phase = NULL,
                            finished_at = now()
                        WHERE id = ?
                        """)
                .params(json.writeValueAsString(errors), errorCount, id)
                .update());
    }

    /** Runs inside the import's transaction: the counts commit with the items, and the upload goes. */
    void done(long id, ImportResult result) {
        jdbc.sql("DELETE FROM import_upload WHERE import_id = ?").param(id).update();
        jdbc.sql("""
                        UPDATE import_batch SET status = 'DONE', phase = NULL, lines_written = lines_total, items_created = ?,
                            items_unchanged = ?, items_extended = ?, candidates_added = ?, tasks_created = ?,
                            format = ?, prior_judgments_added = ?, finished_at = now()
                        WHERE id = ?
                        """)
                .params(
                        result.itemsCreated(),
                        result.itemsUnchanged(),
                        result.itemsExtended(),
                        result.candidatesAdded(),
                        result.tasksCreated(),
                        result.format().name(),
                        result.priorJudgmentsAdded(),
                        id)
                .update();
    }

    /** Records the format the file turned out to be in (detected from its first record). */
    void formatRead(long id, ImportFormat format) {
        jdbc.sql("UPDATE import_batch SET format = ? WHERE id = ?")
                .params(format.name(), id)
                .update();
    }

    Optional<ImportView> find(long projectId, long id) {
        return jdbc.sql(SELECT + " WHERE b.project_id = ? AND b.id = ?")
                .params(projectId, id)
                .query(this::view)
                .optional();
    }

    Optional<ImportView> find(long id) {
        return jdbc.sql(SELECT + " WHERE b.id = ?").param(id).query(this::view).optional();
    }

    Optional<ImportView> findByToken(long projectId, UUID token) {
        return jdbc.sql(SELECT + " WHERE b.project_id = ? AND b.client_token = ?")
                .params(projectId, token)
                .query(this::view)
                .optional();
    }

    List<ImportView> recent(long projectId, int limit) {
        return jdbc.sql(SELECT + " WHERE b.project_id = ? ORDER BY b.started_at DESC, b.id DESC LIMIT ?")
                .params(projectId, limit)
                .query(this::view)
                .list();
    }

    private static final String SELECT = """
            SELECT b.id, b.project_id, b.file_name, b.format, b.status, u.display_name, b.bytes_total,
                   b.lines_total, b.lines_read, b.lines_written, b.items_created, b.items_unchanged, b.items_extended,
                   b.candidates_added, b.tasks_created, b.errors::text AS errors, b.error_count, b.started_at,
                   b.finished_at, b.prior_judgments_added, b.phase, b.attempts, b.cancel_requested,
                   extract(epoch FROM now() - b.running_since)::float8 AS running_seconds
            FROM import_batch b LEFT JOIN app_user u ON u.id = b.user_id
            """;

    private ImportView view(ResultSet rs, int row) throws SQLException {
        var finished = rs.getTimestamp("finished_at");
        Long linesTotal = (Long) rs.getObject("lines_total");
        Rate rate = Rate.of(
                rs.getString("phase"), linesTotal, rs.getLong("lines_read"), rs.getLong("lines_written"), (Double)
                        rs.getObject("running_seconds", Double.class));
        return new ImportView(
                rs.getLong("id"),
                rs.getLong("project_id"),
                rs.getString("file_name"),
                ImportFormat.valueOf(rs.getString("format")),
                ImportStatus.valueOf(rs.getString("status")),
                rs.getString("display_name"),
                (Long) rs.getObject("bytes_total"),
                linesTotal,
                rs.getLong("lines_read"),
                rs.getLong("lines_written"),
                rs.getLong("items_created"),
                rs.getLong("items_unchanged"),
                rs.getLong("items_extended"),
                rs.getLong("candidates_added"),
                rs.getLong("tasks_created"),
                json.readValue(rs.getString("errors"), ERRORS),
                rs.getLong("error_count"),
                rs.getTimestamp("started_at").toInstant(),
                finished == null ? null : finished.toInstant(),
                rs.getLong("prior_judgments_added"),
                rs.getString("phase"),
                rs.getInt("attempts"),
                rs.getBoolean("cancel_requested"),
                rate.perSecond(),
                rate.eta());
    }

    /** Lines per second of the running execution so far, and the seconds left at that rate. */
    private record Rate(Double perSecond, Long eta) {

        static Rate of(String phase, Long linesTotal, long linesRead, long linesWritten, Double runningSeconds) {
            // checking and writing each pass over every line: the job's work is twice the file's lines
            boolean running = "checking".equals(phase) || "writing".equals(phase);
            if (!running || runningSeconds == null || runningSeconds <= 0.5 || linesTotal == null) {
                return new Rate(null, null);
            }
            long done = "writing".equals(phase) ? linesTotal + linesWritten : linesRead;
            double perSecond = done / runningSeconds;
            Long eta = done > 0 ? Math.max(0, Math.round((2.0 * linesTotal - done) / perSecond)) : null;
            return new Rate(Math.round(perSecond * 10) / 10.0, eta);
        }
    }
}
