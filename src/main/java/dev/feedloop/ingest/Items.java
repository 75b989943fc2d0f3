package dev.feedloop.ingest;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading imported items and their candidates. Callers check that the acting person may see the
 * item's project.
 */
@Service
public class Items {

    private static final TypeReference<List<Message>> MESSAGES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Items(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The item with this database id; 404 when there is none. */
    @Transactional(readOnly = true)
    public ItemView get(long itemId) {
        return jdbc.sql("""
                        SELECT id, project_id, external_id, messages::text AS messages, metadata::text AS metadata,
                               priority
                        FROM item WHERE id = ?
                        """)
                .param(itemId)
                .query((rs, n) -> new ItemView(
                        rs.getLong("id"),
                        rs.getLong("project_id"),
                        rs.getString("external_id"),
                        json.readValue(rs.getString("messages"), MESSAGES),
                        json.readTree(rs.getString("metadata")),
                        rs.getInt("priority")))
                .optional()
                .orElseThrow(() -> IngestException.itemNotFound(itemId));
    }

    /** The item's candidates in the order they were imported (empty for an unknown item). */
    @Transactional(readOnly = true)
    public List<CandidateView> candidates(long itemId) {
        return jdbc.sql("SELECT id, external_id, model, content FROM candidate WHERE item_id = ? ORDER BY id")
                .param(itemId)
                .query((rs, n) -> new CandidateView(
                        rs.getLong("id"), rs.getString("external_id"), rs.getString("model"), rs.getString("content")))
                .list();
    }
}
