package dev.feedloop.quality;

import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
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

    /**
     * One stored ranking: what the agreement measures and the leaderboard take from it.
     *
     * @param submittedAt microseconds since the epoch
     */
    record Stored(
            long id,
            long itemId,
            long annotatorId,
            List<List<String>> tiers,
            boolean noneAcceptable,
            List<String> displayedOrder,
            long submittedAt,
            Integer guidelineVersion) {

        Judgment judgment() {
            return new Judgment(itemId, annotatorId, tiers, noneAcceptable, submittedAt);
        }
    }

    /**
     * What the project holds now: its row's revision ({@code xmin}, which tells apart projects whose
     * ids were reused when a database was emptied and filled again), and its rankings' number and
     * highest id.
     */
    record Totals(String revision, long rankings, long highestId) {}

    Totals totals(long projectId) {
        return jdbc.sql("""
                        SELECT (SELECT xmin::text FROM project WHERE id = :project) AS revision,
                               count(*) AS rankings, coalesce(max(id), 0) AS highest
                        FROM ranking WHERE project_id = :project
                        """)
                .param("project", projectId)
                .query((rs, n) -> new Totals(rs.getString("revision"), rs.getLong("rankings"), rs.getLong("highest")))
                .single();
    }

    /** The project's rankings with an id above {@code afterId}, by id. */
    List<Stored> rankings(long projectId, long afterId) {
        // rankings often share their tiers' and displayed order's text: parsed once, the lists shared
        Map<String, List<List<String>>> tiers = new HashMap<>();
        Map<String, List<String>> orders = new HashMap<>();
        List<Stored> rankings = new ArrayList<>();
        jdbc.sql("""
                        SELECT k.id, k.item_id, k.annotator_id, k.tiers::text AS tiers, k.none_acceptable,
                               k.displayed_order::text AS displayed_order, k.guideline_version,
                               (extract(epoch FROM k.submitted_at) * 1000000)::bigint AS submitted_micros
                        FROM ranking k
                        WHERE k.project_id = ? AND k.id > ?
                        ORDER BY k.id
                        """).params(projectId, afterId).query((ResultSet rs) -> {
            rankings.add(new Stored(
                    rs.getLong("id"),
                    rs.getLong("item_id"),
                    rs.getLong("annotator_id"),
                    tiers.computeIfAbsent(
                            rs.getString("tiers"), text -> Judgment.immutable(json.readValue(text, TIERS))),
                    rs.getBoolean("none_acceptable"),
                    orders.computeIfAbsent(
                            rs.getString("displayed_order"), text -> List.copyOf(json.readValue(text, ORDER))),
                    rs.getLong("submitted_micros"),
                    (Integer) rs.getObject("guideline_version")));
        });
        return rankings;
    }

    /** Per item of the project, its candidates' models (candidates without a model left out). */
    Map<Long, Map<String, String>> models(long projectId) {
        return models("""
                SELECT c.item_id, c.external_id, c.model
                FROM candidate c JOIN item i ON i.id = c.item_id
                WHERE i.project_id = ? AND c.model IS NOT NULL
                """, projectId);
    }

    /** The same for some items only. */
    Map<Long, Map<String, String>> models(Collection<Long> itemIds) {
        if (itemIds.isEmpty()) {
            return Map.of();
        }
        return models(
                "SELECT item_id, external_id, model FROM candidate WHERE item_id = ANY (?) AND model IS NOT NULL",
                longArray(itemIds));
    }

    private Map<Long, Map<String, String>> models(String sql, Object parameter) {
        Map<String, String> names = new HashMap<>();
        Map<Long, Map<String, String>> models = new HashMap<>();
        jdbc.sql(sql).param(parameter).query((ResultSet rs) -> {
            String model = names.computeIfAbsent(rs.getString("model"), name -> name);
            models.computeIfAbsent(rs.getLong("item_id"), id -> new HashMap<>(8))
                    .put(rs.getString("external_id"), model);
        });
        models.replaceAll((item, byCandidate) -> Map.copyOf(byCandidate));
        return models;
    }

    /** The project's items whose metadata has {@code key} = {@code value} (compared as text). */
    java.util.Set<Long> itemsWith(long projectId, String key, String value) {
        return new java.util.HashSet<>(jdbc.sql("SELECT id FROM item WHERE project_id = ? AND metadata ->> ? = ?")
                .params(projectId, key, value)
                .query(Long.class)
                .list());
    }

    /** Ids of the project's items that came in during {@code round} ({@code created_at} in its window). */
    java.util.Set<Long> itemsCreatedIn(long projectId, dev.feedloop.projects.Round round) {
        return new java.util.HashSet<>(jdbc.sql("""
                        SELECT id FROM item
                        WHERE project_id = ? AND created_at >= ? AND (?::timestamptz IS NULL OR created_at < ?)
                        """)
                .params(
                        projectId,
                        java.sql.Timestamp.from(round.startsAt()),
                        round.endsAt() == null ? null : java.sql.Timestamp.from(round.endsAt()),
                        round.endsAt() == null ? null : java.sql.Timestamp.from(round.endsAt()))
                .query(Long.class)
                .list());
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
