package dev.feedloop.ingest;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reading items and their candidates. */
@Service
public class Items {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Items(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public ItemView get(long itemId) {
        return jdbc.sql("""
                        SELECT id, project_id, external_id, messages::text AS messages, metadata::text AS metadata, priority
                        FROM item WHERE id = ?
                        """)
                .param(itemId)
                .query((rs, n) -> new ItemView(
                        rs.getLong("id"),
                        rs.getLong("project_id"),
                        rs.getString("external_id"),
                        json.readValue(rs.getString("messages"), new TypeReference<List<Message>>() {}),
                        json.readTree(rs.getString("metadata")),
                        rs.getInt("priority")))
                .optional()
                .orElseThrow(() -> new ErrorResponseException(HttpStatus.NOT_FOUND));
    }

    /** The item's candidates in import order. */
    @Transactional(readOnly = true)
    public List<CandidateView> candidates(long itemId) {
        return jdbc.sql("SELECT id, external_id, model, content FROM candidate WHERE item_id = ? ORDER BY id")
                .param(itemId)
                .query((rs, n) -> new CandidateView(
                        rs.getLong("id"), rs.getString("external_id"), rs.getString("model"), rs.getString("content")))
                .list();
    }
}
