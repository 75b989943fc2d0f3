package dev.feedloop.ingest;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Looks up which items of a batch a project already holds, with their messages and candidates. */
@Component
class ExistingItems {

    private static final TypeReference<List<Message>> MESSAGES = new TypeReference<>() {};
    private static final TypeReference<List<List<String>>> PAIRS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    ExistingItems(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * An item already in the project.
     *
     * @param candidateDigests hex MD5 of each candidate's text by candidate id, in the order they were
     *     added
     */
    record ExistingItem(long id, int priority, List<Message> messages, Map<String, String> candidateDigests) {}

    /** The items of the project with these external ids, by external id. */
    Map<String, ExistingItem> find(long projectId, List<String> externalIds) {
        Map<String, ExistingItem> result = new HashMap<>();
        if (externalIds.isEmpty()) {
            return result;
        }
        jdbc.sql("""
                        SELECT i.id, i.external_id, i.priority, i.messages::text AS messages,
                               coalesce((SELECT json_agg(json_build_array(c.external_id, md5(c.content)) ORDER BY c.id)
                                         FROM candidate c WHERE c.item_id = i.id)::text, '[]') AS candidates
                        FROM item i WHERE i.project_id = ? AND i.external_id = ANY(?)
                        """).params(projectId, externalIds.toArray(String[]::new)).query(rs -> {
            Map<String, String> digests = new LinkedHashMap<>();
            for (List<String> pair : json.readValue(rs.getString("candidates"), PAIRS)) {
                digests.put(pair.get(0), pair.get(1));
            }
            result.put(
                    rs.getString("external_id"),
                    new ExistingItem(
                            rs.getLong("id"),
                            rs.getInt("priority"),
                            json.readValue(rs.getString("messages"), MESSAGES),
                            digests));
        });
        return result;
    }
}
