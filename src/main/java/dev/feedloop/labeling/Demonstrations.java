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
                   d.guideline_version, d.late, d.started_at, d.submitted_at, d.active_seconds
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
                (Integer) rs.getObject("active_seconds"));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
