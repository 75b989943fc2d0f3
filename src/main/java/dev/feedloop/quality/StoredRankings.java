package dev.feedloop.quality;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A project's rankings as the measures read them, straight from the {@code ranking}, {@code
 * candidate} and {@code item} tables (owned by ranking and ingest), read-only: the measures need every
 * ranking of a project at once, which one statement streams faster than any per-item API could.
 */
@Component
class StoredRankings {

    private static final TypeReference<List<List<String>>> TIERS = new TypeReference<>() {};
    private static final TypeReference<List<String>> ORDER = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;

    StoredRankings(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One stored ranking: what the agreement measures and the leaderboard take from it. */
    record Stored(
            long id,
            long itemId,
            long annotatorId,
            List<List<String>> tiers,
            boolean noneAcceptable,
            List<String> displayedOrder) {

        Judgment judgment() {
            return new Judgment(itemId, annotatorId, tiers, noneAcceptable);
        }
    }

    /**
     * What identifies the set of rankings submitted up to an instant: since rankings are only ever
     * added, and the set up to a later instant contains the set up to an earlier one, their number and
     * highest id change whenever a ranking joins it. The project row's revision ({@code xmin}) tells
     * apart projects whose ids were reused (a database emptied and filled again).
     */
    record Fingerprint(long projectId, String projectRevision, long rankings, long highestId) {}

    Fingerprint fingerprint(long projectId, Instant asOf) {
        return jdbc.sql("""
                        SELECT (SELECT xmin::text FROM project WHERE id = :project) AS revision,
                               count(*) AS rankings, coalesce(max(id), 0) AS highest
                        FROM ranking WHERE project_id = :project AND submitted_at <= :asOf
                        """)
                .param("project", projectId)
                .param("asOf", Timestamp.from(asOf))
                .query((rs, n) -> new Fingerprint(
                        projectId, rs.getString("revision"), rs.getLong("rankings"), rs.getLong("highest")))
                .single();
    }

    /**
     * The project's rankings submitted up to {@code asOf} (of items whose metadata has {@code
     * metadataKey} = {@code metadataValue}, and made under {@code guidelineVersion}, when given), one
     * per annotator and item: when an annotator ranked an item more than once, the newest counts.
     */
    List<Stored> rankings(
            long projectId, Instant asOf, String metadataKey, String metadataValue, Integer guidelineVersion) {
        StringBuilder sql = new StringBuilder("""
                SELECT k.id, k.item_id, k.annotator_id, k.tiers::text AS tiers, k.none_acceptable,
                       k.displayed_order::text AS displayed_order
                FROM ranking k
                """);
        if (metadataKey != null) {
            sql.append("JOIN item i ON i.id = k.item_id AND i.metadata ->> :key = :value\n");
        }
        sql.append("WHERE k.project_id = :project AND k.submitted_at <= :asOf\n");
        if (guidelineVersion != null) {
            sql.append("AND k.guideline_version = :guidelineVersion\n");
        }
        sql.append("ORDER BY k.id");
        var statement = jdbc.sql(sql.toString()).param("project", projectId).param("asOf", Timestamp.from(asOf));
        if (metadataKey != null) {
            statement = statement.param("key", metadataKey).param("value", metadataValue);
        }
        if (guidelineVersion != null) {
            statement = statement.param("guidelineVersion", guidelineVersion);
        }
        // rankings often share their tiers' and displayed order's text: parsed once, the lists shared
        Map<String, List<List<String>>> tiers = new HashMap<>();
        Map<String, List<String>> orders = new HashMap<>();
        Map<List<Long>, Stored> newest = new LinkedHashMap<>();
        statement.query((ResultSet rs) -> {
            Stored ranking = new Stored(
                    rs.getLong("id"),
                    rs.getLong("item_id"),
                    rs.getLong("annotator_id"),
                    tiers.computeIfAbsent(rs.getString("tiers"), text -> json.readValue(text, TIERS)),
                    rs.getBoolean("none_acceptable"),
                    orders.computeIfAbsent(rs.getString("displayed_order"), text -> json.readValue(text, ORDER)));
            // rows come oldest first, so a later ranking of the same annotator and item replaces the earlier
            newest.remove(List.of(ranking.itemId(), ranking.annotatorId()));
            newest.put(List.of(ranking.itemId(), ranking.annotatorId()), ranking);
        });
        return new ArrayList<>(newest.values());
    }

    /** Per item of the project, its candidates' models (candidates without a model left out). */
    Map<Long, Map<String, String>> models(long projectId) {
        Map<String, String> names = new HashMap<>();
        Map<Long, Map<String, String>> models = new HashMap<>();
        jdbc.sql("""
                        SELECT c.item_id, c.external_id, c.model
                        FROM candidate c JOIN item i ON i.id = c.item_id
                        WHERE i.project_id = ? AND c.model IS NOT NULL
                        """).param(projectId).query((ResultSet rs) -> {
            String model = names.computeIfAbsent(rs.getString("model"), name -> name);
            models.computeIfAbsent(rs.getLong("item_id"), id -> new HashMap<>(8))
                    .put(rs.getString("external_id"), model);
        });
        return models;
    }

    /** External ids of the given items. */
    Map<Long, String> externalIds(Collection<Long> itemIds) {
        Map<Long, String> ids = new HashMap<>();
        if (itemIds.isEmpty()) {
            return ids;
        }
        jdbc.sql("SELECT id, external_id FROM item WHERE id = ANY (?)")
                .param(longArray(itemIds))
                .query((ResultSet rs) -> {
                    ids.put(rs.getLong("id"), rs.getString("external_id"));
                });
        return ids;
    }

    /** Usernames of the given accounts. */
    Map<Long, String> usernames(Collection<Long> userIds) {
        Map<Long, String> names = new HashMap<>();
        if (userIds.isEmpty()) {
            return names;
        }
        jdbc.sql("SELECT id, username FROM app_user WHERE id = ANY (?)")
                .param(longArray(userIds))
                .query((ResultSet rs) -> {
                    names.put(rs.getLong("id"), rs.getString("username"));
                });
        return names;
    }

    /** Whether some item of the project has metadata {@code key} (with {@code value}, when not null). */
    boolean hasMetadata(long projectId, String key, String value) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM item WHERE project_id = :project AND metadata -> :key IS NOT NULL
                                       AND (CAST(:value AS text) IS NULL OR metadata ->> :key = :value))
                        """)
                .param("project", projectId)
                .param("key", key)
                .param("value", value)
                .query(Boolean.class)
                .single();
    }

    /** Whether some ranking of the project was made under this guideline version. */
    boolean hasGuidelineVersion(long projectId, int version) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM ranking WHERE project_id = ? AND guideline_version = ?)")
                .params(projectId, version)
                .query(Boolean.class)
                .single();
    }

    /** The item's id, or null when the project has no item with this external id. */
    Long itemId(long projectId, String externalId) {
        return jdbc.sql("SELECT id FROM item WHERE project_id = ? AND external_id = ?")
                .params(projectId, externalId)
                .query(Long.class)
                .optional()
                .orElse(null);
    }

    /** Every ranking of one item, oldest first, with its annotator's username. */
    List<ItemJudgments.Ranking> judgmentsOf(long itemId) {
        return jdbc.sql("""
                        SELECT k.id, u.username, k.tiers::text AS tiers, k.none_acceptable,
                               k.displayed_order::text AS displayed_order, k.ratings::text AS ratings,
                               k.flags::text AS flags, k.strength, k.rationale, k.guideline_version, k.late,
                               k.active_seconds, k.submitted_at
                        FROM ranking k JOIN app_user u ON u.id = k.annotator_id
                        WHERE k.item_id = ?
                        ORDER BY k.submitted_at, k.id
                        """)
                .param(itemId)
                .query((rs, n) -> new ItemJudgments.Ranking(
                        rs.getLong("id"),
                        rs.getString("username"),
                        json.readValue(rs.getString("tiers"), TIERS),
                        rs.getBoolean("none_acceptable"),
                        json.readValue(rs.getString("displayed_order"), ORDER),
                        json.readTree(rs.getString("ratings")),
                        json.readTree(rs.getString("flags")),
                        (Integer) rs.getObject("strength"),
                        rs.getString("rationale"),
                        (Integer) rs.getObject("guideline_version"),
                        rs.getBoolean("late"),
                        (Integer) rs.getObject("active_seconds"),
                        rs.getTimestamp("submitted_at").toInstant()))
                .list();
    }

    /** The item's candidates in import order: external id and model. */
    List<ItemJudgments.Candidate> candidatesOf(long itemId) {
        return jdbc.sql("SELECT external_id, model FROM candidate WHERE item_id = ? ORDER BY id")
                .param(itemId)
                .query((rs, n) -> new ItemJudgments.Candidate(rs.getString("external_id"), rs.getString("model")))
                .list();
    }

    private static Long[] longArray(Collection<Long> ids) {
        return ids.toArray(Long[]::new);
    }
}
