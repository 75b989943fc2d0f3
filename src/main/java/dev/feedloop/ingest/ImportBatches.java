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
 * <p>A running import is owned by the server running it: that server holds a session-level advisory
 * lock ({@value #OWNER_LOCKS}, id) on a connection of its own until the import has finished. A row
 * still VALIDATING or WRITING without that lock belongs to a server that died; {@link
 * #failAbandoned()} marks such rows FAILED.
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
    Owned start(long projectId, long userId, String fileName, ImportFormat format, UUID clientToken) {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            long id;
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO import_batch (project_id, user_id, file_name, format, client_token)
                    VALUES (?, ?, ?, ?, ?) RETURNING id
                    """)) {
                insert.setLong(1, projectId);
                insert.setLong(2, userId);
                insert.setString(3, fileName);
                insert.setString(4, format.name());
                insert.setObject(5, clientToken);
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
     * Marks FAILED every import left VALIDATING or WRITING by a server that no longer runs it (no
     * session holds its owner lock); rows being updated right now are left for the next time.
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
                              AND NOT EXISTS (
                                  SELECT 1 FROM pg_locks l
                                  WHERE l.locktype = 'advisory'
                                    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                                    AND l.classid = :owners::oid
                                    AND l.objid = (b.id % 2147483647)::oid
                                    AND l.objsubid = 2)
                            FOR UPDATE SKIP LOCKED)
                        UPDATE import_batch SET status = 'FAILED', errors = :errors::jsonb, error_count = 1,
                            finished_at = now()
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
                        UPDATE import_batch SET status = 'FAILED', errors = ?::jsonb, error_count = 1, finished_at = now()
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

    void linesRead(long id, long lines) {
        separate.executeWithoutResult(status -> jdbc.sql("UPDATE import_batch SET lines_read = ? WHERE id = ?")
                .params(lines, id)
                .update());
    }

    void writing(long id) {
        separate.executeWithoutResult(status -> jdbc.sql("""
                        UPDATE import_batch SET status = 'WRITING', lines_read = coalesce(lines_total, lines_read)
                        WHERE id = ?
                        """).param(id).update());
    }

    void linesWritten(long id, long lines) {
        separate.executeWithoutResult(status -> jdbc.sql("UPDATE import_batch SET lines_written = ? WHERE id = ?")
                .params(lines, id)
                .update());
    }

    void failed(long id, List<ImportError> errors, long errorCount) {
        separate.executeWithoutResult(status -> jdbc.sql("""
                        UPDATE import_batch SET status = 'FAILED', errors = ?::jsonb, error_count = ?, finished_at = now()
                        WHERE id = ?
                        """)
                .params(json.writeValueAsString(errors), errorCount, id)
                .update());
    }

    /** Runs inside the import's transaction: the counts commit with the items. */
    void done(long id, ImportResult result) {
        jdbc.sql("""
                        UPDATE import_batch SET status = 'DONE', lines_written = lines_total, items_created = ?,
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
                   b.finished_at, b.prior_judgments_added
            FROM import_batch b LEFT JOIN app_user u ON u.id = b.user_id
            """;

    private ImportView view(ResultSet rs, int row) throws SQLException {
        var finished = rs.getTimestamp("finished_at");
        return new ImportView(
                rs.getLong("id"),
                rs.getLong("project_id"),
                rs.getString("file_name"),
                ImportFormat.valueOf(rs.getString("format")),
                ImportStatus.valueOf(rs.getString("status")),
                rs.getString("display_name"),
                (Long) rs.getObject("bytes_total"),
                (Long) rs.getObject("lines_total"),
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
                rs.getLong("prior_judgments_added"));
    }
}
