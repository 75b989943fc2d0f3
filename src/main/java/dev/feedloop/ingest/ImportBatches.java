package dev.feedloop.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
 */
@Component
class ImportBatches {

    private static final TypeReference<List<ImportError>> ERRORS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate separate;

    ImportBatches(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    long create(long projectId, long userId, String fileName, ImportFormat format, UUID clientToken) {
        return separate.execute(status -> jdbc.sql("""
                        INSERT INTO import_batch (project_id, user_id, file_name, format, client_token)
                        VALUES (?, ?, ?, ?, ?) RETURNING id
                        """)
                .params(projectId, userId, fileName, format.name(), clientToken)
                .query(Long.class)
                .single());
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
                            finished_at = now()
                        WHERE id = ?
                        """)
                .params(
                        result.itemsCreated(),
                        result.itemsUnchanged(),
                        result.itemsExtended(),
                        result.candidatesAdded(),
                        result.tasksCreated(),
                        id)
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
                   b.finished_at
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
                finished == null ? null : finished.toInstant());
    }
}
