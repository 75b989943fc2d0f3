package dev.feedloop.testsupport;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The rows of {@code audit_entry}, read straight from the table, oldest first. */
public final class AuditEntries {

    /** One stored entry; {@code details} is the jsonb column as text. */
    public record Row(
            long id,
            Long actorId,
            String actorName,
            String action,
            Long projectId,
            String target,
            String details,
            String ip,
            String requestId) {}

    private AuditEntries() {}

    /** Every entry of {@code action}. */
    public static List<Row> of(JdbcClient jdbc, String action) {
        return jdbc.sql("""
                        SELECT id, actor_id, actor_name, action, project_id, target, details::text AS details, ip, request_id
                        FROM audit_entry WHERE action = ? ORDER BY id
                        """)
                .param(action)
                .query((rs, n) -> new Row(
                        rs.getLong("id"),
                        rs.getObject("actor_id", Long.class),
                        rs.getString("actor_name"),
                        rs.getString("action"),
                        rs.getObject("project_id", Long.class),
                        rs.getString("target"),
                        rs.getString("details"),
                        rs.getString("ip"),
                        rs.getString("request_id")))
                .list();
    }

    /** The one entry of {@code action}; fails when there are none or several. */
    public static Row one(JdbcClient jdbc, String action) {
        List<Row> rows = of(jdbc, action);
        if (rows.size() != 1) {
            throw new AssertionError("expected one " + action + " entry, found " + rows);
        }
        return rows.getFirst();
    }

    /** The newest entry of {@code action}; fails when there is none. */
    public static Row latest(JdbcClient jdbc, String action) {
        List<Row> rows = of(jdbc, action);
        if (rows.isEmpty()) {
            throw new AssertionError("expected a " + action + " entry, found none");
        }
        return rows.getLast();
    }

    /** Every entry's every column as text, to check that no secret was written anywhere. */
    public static String everything(JdbcClient jdbc) {
        return String.join(
                "\n",
                jdbc.sql("SELECT audit_entry::text FROM audit_entry ORDER BY id")
                        .query(String.class)
                        .list());
    }
}
