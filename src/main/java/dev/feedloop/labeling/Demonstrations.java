package dev.feedloop.labeling;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reading stored demonstrations. */
@Service
public class Demonstrations {

    private static final String SELECT = """
            SELECT d.id, d.task_id, d.item_id, d.project_id, d.author_id, d.content, c.external_id AS based_on,
                   d.guideline_version, d.late, d.started_at, d.submitted_at, d.active_seconds,
                   d.pasted_chars, d.typed_chars
            FROM demonstration d LEFT JOIN candidate c ON c.id = d.based_on_candidate_id
            """;

    private final JdbcClient jdbc;

    Demonstrations(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public Optional<DemonstrationView> find(long id) {
        return jdbc.sql(SELECT + " WHERE d.id = ?").param(id).query(this::view).optional();
    }

    /** Every demonstration of an item, on-time and late, oldest first. */
    @Transactional(readOnly = true)
    public List<DemonstrationView> ofItem(long itemId) {
        return jdbc.sql(SELECT + " WHERE d.item_id = ? ORDER BY d.id")
                .param(itemId)
                .query(this::view)
                .list();
    }

    /** How many demonstrations {@code authorId} submitted in a project since {@code since}. */
    @Transactional(readOnly = true)
    public int countByAuthorSince(long projectId, long authorId, Instant since) {
        return jdbc.sql(
                        "SELECT count(*) FROM demonstration WHERE project_id = ? AND author_id = ? AND submitted_at >= ?")
                .params(projectId, authorId, java.sql.Timestamp.from(since))
                .query(Integer.class)
                .single();
    }

    /**
     * Stores a reviewer's corrected version of demonstration {@code originalId} as a new
     * demonstration by {@code reviewerId} that revises it (same task, item, starting candidate and
     * guideline version); returns its id. The original stays as it was.
     */
    @Transactional
    public long recordRevision(long originalId, long reviewerId, String content) {
        return jdbc.sql("""
                        INSERT INTO demonstration (task_id, item_id, project_id, author_id, content,
                            based_on_candidate_id, revises_id, guideline_version, late, started_at, active_seconds)
                        SELECT task_id, item_id, project_id, ?, ?, based_on_candidate_id, id, guideline_version, false,
                            NULL, NULL
                        FROM demonstration WHERE id = ?
                        RETURNING id
                        """)
                .params(reviewerId, content, originalId)
                .query(Long.class)
                .single();
    }

    private DemonstrationView view(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new DemonstrationView(
                rs.getLong("id"),
                rs.getLong("task_id"),
                rs.getLong("item_id"),
                rs.getLong("project_id"),
                rs.getLong("author_id"),
                rs.getString("content"),
                rs.getString("based_on"),
                (Integer) rs.getObject("guideline_version"),
                rs.getBoolean("late"),
                instant(rs.getObject("started_at", OffsetDateTime.class)),
                instant(rs.getObject("submitted_at", OffsetDateTime.class)),
                (Integer) rs.getObject("active_seconds"),
                inputCounts(rs));
    }

    /** The pasted and typed counts of a row with {@code pasted_chars} and {@code typed_chars}. */
    static InputCounts inputCounts(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new InputCounts((Integer) rs.getObject("pasted_chars"), (Integer) rs.getObject("typed_chars"));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
