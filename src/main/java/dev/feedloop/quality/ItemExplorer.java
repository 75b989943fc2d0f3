package dev.feedloop.quality;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.ingest.Items;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.projects.Round;
import dev.feedloop.projects.Rounds;
import dev.feedloop.review.ReviewDecision;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The item explorer: a project's items page by page with their progress, agreement, gold answer,
 * flags, models and exclusion, filtered and sorted in SQL with keyset paging; and one item with every
 * judgment of it side by side. For administrators and the project's reviewers (404 when not a
 * member, 403 without the role).
 *
 * <p>Reads the item, candidate, task, ranking, demonstration and review tables with read-only SQL
 * (like {@link QualityReports}), and each item's agreement from {@code item_agreement}, which
 * {@link ItemAgreements} brings up to date first.
 */
@Service
public class ItemExplorer {

    /** Rows per page. */
    public static final int PAGE = 50;

    /** How much of the first user turn a row shows. */
    public static final int PROMPT_CHARACTERS = 160;

    private static final TypeReference<Map<String, Long>> FLAG_COUNTS = new TypeReference<>() {};

    private static final String SEARCH = """
            i.id IN (SELECT s.id FROM item s
                     WHERE s.project_id = :project
                       AND jsonb_to_tsvector('simple', jsonb_path_query_array(s.messages, '$[*].content'), '["string"]')
                           @@ websearch_to_tsquery('simple', :text)
                     UNION
                     SELECT c.item_id FROM candidate c
                     WHERE to_tsvector('simple', c.content) @@ websearch_to_tsquery('simple', :text))""";

    /** Ordinary slots (gold tasks are each one person's extra task, not a slot of the item). */
    private static final String UNFINISHED =
            "EXISTS (SELECT 1 FROM task t WHERE t.item_id = i.id AND t.gold_for IS NULL AND t.state <> 'DONE')";

    private static final String STARTED =
            "EXISTS (SELECT 1 FROM task t WHERE t.item_id = i.id AND t.gold_for IS NULL AND t.state <> 'OPEN')";

    private final Projects projects;
    private final Items items;
    private final QualityReports reports;
    private final ItemAgreements agreements;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Rounds rounds;

    ItemExplorer(
            Projects projects,
            Items items,
            QualityReports reports,
            ItemAgreements agreements,
            JdbcClient jdbc,
            JsonMapper json,
            Rounds rounds) {
        this.projects = projects;
        this.items = items;
        this.reports = reports;
        this.agreements = agreements;
        this.jdbc = jdbc;
        this.json = json;
        this.rounds = rounds;
    }

    /** One page of the project's items that {@code query} selects. */
    public ItemList page(String slug, ItemQuery query, AccountPrincipal me) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        ProjectRankings.Snapshot snapshot = agreements.refresh(project.id());
        TreeSet<String> models = new TreeSet<>();
        snapshot.models().values().forEach(byCandidate -> models.addAll(byCandidate.values()));

        boolean backwards = query.after() == null && query.before() != null;
        ItemQuery.Cursor from = query.after() != null ? query.after() : query.before();
        Statement statement = statement(project.id(), query);
        List<ItemList.Row> rows = statement.query(jdbc, this);
        boolean more = rows.size() > PAGE;
        if (more) {
            rows = new ArrayList<>(rows.subList(0, PAGE));
        }
        if (backwards) {
            rows = new ArrayList<>(rows);
            Collections.reverse(rows);
        }
        ItemQuery.Cursor next;
        ItemQuery.Cursor previous;
        if (backwards) {
            previous = more ? rows.getFirst().cursor() : null;
            next = rows.isEmpty() ? null : rows.getLast().cursor();
        } else {
            previous = from == null || rows.isEmpty() ? null : rows.getFirst().cursor();
            next = more ? rows.getLast().cursor() : null;
        }
        return new ItemList(rows, next, previous, List.copyOf(models));
    }

    /** The statement of one page: SQL with named parameters. */
    record Statement(String sql, Map<String, Object> params, boolean byAgreement) {

        List<ItemList.Row> query(JdbcClient jdbc, ItemExplorer explorer) {
            var statement = jdbc.sql(sql);
            for (Map.Entry<String, Object> param : params.entrySet()) {
                statement = statement.param(param.getKey(), param.getValue());
            }
            return statement.query((rs, n) -> explorer.row(rs, byAgreement)).list();
        }
    }

    /**
     * The page {@code query} selects, {@value #PAGE} + 1 rows (one more tells whether there is a
     * next page): the items are chosen by the filters and the cursor in the sort order, then the
     * columns of each row are read for the chosen items only.
     */
    static Statement statement(long projectId, ItemQuery query) {
        boolean backwards = query.after() == null && query.before() != null;
        ItemQuery.Cursor from = query.after() != null ? query.after() : query.before();
        boolean byAgreement = query.sort() == ItemQuery.Sort.AGREEMENT;
        String key = byAgreement ? "coalesce(a.with_ties, 2)" : "i.id";
        List<String> where = new ArrayList<>(filters(query));
        Map<String, Object> params = new LinkedHashMap<>(parameters(query));
        params.put("project", projectId);
        if (from != null) {
            String op = backwards ? "<" : ">";
            if (byAgreement) {
                where.add("(coalesce(a.with_ties, 2), i.id) " + op + " (:key, :id)");
                params.put("key", from.key() == null ? 2.0 : from.key());
            } else {
                where.add("i.id " + op + " :id");
            }
            params.put("id", from.id());
        }
        String direction = backwards ? "DESC" : "ASC";
        params.put("limit", PAGE + 1);
        String chosen = """
                SELECT i.id, %s AS sort_key
                FROM item i LEFT JOIN item_agreement a ON a.item_id = i.id
                WHERE i.project_id = :project%s
                ORDER BY %s %s, i.id %s
                LIMIT :limit""".formatted(
                key, where.stream().map(w -> "\n  AND " + w).reduce("", String::concat), key, direction, direction);
        return new Statement(rowsSql(chosen, "p.sort_key " + direction + ", p.id " + direction), params, byAgreement);
    }

    /**
     * The round the project's item {@code externalId} came in during ({@code item.created_at} in its
     * window), if any (reviewers and administrators).
     */
    public Optional<Round> roundOf(String slug, String externalId, AccountPrincipal me) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        List<Round> all = rounds.of(project.id());
        return jdbc.sql("SELECT created_at FROM item WHERE project_id = ? AND external_id = ?")
                .params(project.id(), externalId)
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .optional()
                .flatMap(
                        created -> all.stream().filter(r -> r.contains(created)).findFirst());
    }

    /** The project's item {@code externalId} with every judgment of it; 404 when there is none. */
    public ItemDetail item(String slug, String externalId, AccountPrincipal me) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        agreements.refresh(project.id());
        ItemJudgments judgments = reports.judgments(slug, externalId, me);
        String chosen = """
                SELECT i.id, i.id AS sort_key FROM item i
                WHERE i.project_id = :project AND i.external_id = :externalId""";
        List<ItemList.Row> found = new Statement(
                        rowsSql(chosen, "p.id"), Map.of("project", project.id(), "externalId", externalId), false)
                .query(jdbc, this);
        if (found.isEmpty()) {
            throw QualityRefusals.itemNotFound(externalId);
        }
        long itemId = found.getFirst().cursor().id();
        return new ItemDetail(
                items.withCandidates(itemId),
                found.getFirst(),
                judgments,
                demonstrations(itemId),
                measures(judgments),
                items.gold(itemId).orElse(null),
                items.exclusion(itemId));
    }

    private static List<String> filters(ItemQuery query) {
        List<String> where = new ArrayList<>();
        if (query.state() != null) {
            where.add(
                    switch (query.state()) {
                        case WAITING -> "NOT " + STARTED + " AND " + UNFINISHED;
                        case IN_PROGRESS -> STARTED + " AND " + UNFINISHED;
                        case COMPLETE -> "NOT " + UNFINISHED;
                    });
        }
        if (query.agreementBelow() != null) {
            where.add("a.with_ties < :below");
        }
        if (query.gold() != null) {
            where.add((query.gold() ? "" : "NOT ") + "EXISTS (SELECT 1 FROM item_gold g WHERE g.item_id = i.id)");
        }
        if (query.excluded() != null) {
            where.add("i.excluded_at IS " + (query.excluded() ? "NOT " : "") + "NULL");
        }
        if (query.model() != null) {
            where.add("EXISTS (SELECT 1 FROM candidate c WHERE c.item_id = i.id AND c.model = :model)");
        }
        if (query.flag() != null) {
            where.add(
                    ItemQuery.ANY_FLAG.equals(query.flag())
                            ? "EXISTS (SELECT 1 FROM ranking r WHERE r.item_id = i.id"
                                    + " AND jsonb_path_exists(r.flags, '$.*[*]'))"
                            : "EXISTS (SELECT 1 FROM ranking r WHERE r.item_id = i.id AND jsonb_path_exists(r.flags,"
                                    + " '$.*[*] ? (@ == $f)', jsonb_build_object('f', CAST(:flag AS text))))");
        }
        if (query.text() != null) {
            where.add(SEARCH);
        }
        return where;
    }

    private static Map<String, Object> parameters(ItemQuery query) {
        Map<String, Object> params = new LinkedHashMap<>();
        if (query.agreementBelow() != null) {
            params.put("below", query.agreementBelow());
        }
        if (query.model() != null) {
            params.put("model", query.model());
        }
        if (query.flag() != null && !ItemQuery.ANY_FLAG.equals(query.flag())) {
            params.put("flag", query.flag());
        }
        if (query.text() != null) {
            params.put("text", query.text());
        }
        return params;
    }

    /**
     * The rows of the items {@code chosen} selects (columns {@code id} and {@code sort_key}), in
     * {@code order}: the columns of each row are read for the chosen items only.
     */
    private static String rowsSql(String chosen, String order) {
        return """
                WITH p AS MATERIALIZED (%s)
                SELECT p.id, p.sort_key, i.external_id, i.excluded_at IS NOT NULL AS excluded,
                       left((SELECT m ->> 'content' FROM jsonb_array_elements(i.messages) m
                             WHERE m ->> 'role' = 'user' LIMIT 1), %d) AS prompt,
                       EXISTS (SELECT 1 FROM item_gold g WHERE g.item_id = i.id) AS gold,
                       a.with_ties,
                       t.rank_slots, t.rank_done, t.write_slots, t.write_done, t.unfinished, t.started,
                       (SELECT jsonb_object_agg(f.flag, f.n ORDER BY f.flag) FROM (
                            SELECT x AS flag, count(*) AS n
                            FROM ranking r CROSS JOIN jsonb_each(r.flags) e CROSS JOIN jsonb_array_elements_text(e.value) x
                            WHERE r.item_id = i.id AND jsonb_typeof(e.value) = 'array'
                            GROUP BY x) f)::text AS flags,
                       (SELECT array_agg(DISTINCT c.model ORDER BY c.model) FROM candidate c
                        WHERE c.item_id = i.id AND c.model IS NOT NULL) AS models
                FROM p
                JOIN item i ON i.id = p.id
                LEFT JOIN item_agreement a ON a.item_id = i.id
                CROSS JOIN LATERAL (
                    SELECT count(*) FILTER (WHERE kind = 'RANK' AND gold_for IS NULL) AS rank_slots,
                           count(*) FILTER (WHERE kind = 'RANK' AND state = 'DONE') AS rank_done,
                           count(*) FILTER (WHERE kind = 'WRITE') AS write_slots,
                           count(*) FILTER (WHERE kind = 'WRITE' AND state = 'DONE') AS write_done,
                           count(*) FILTER (WHERE gold_for IS NULL AND state <> 'DONE') AS unfinished,
                           count(*) FILTER (WHERE gold_for IS NULL AND state <> 'OPEN') AS started
                    FROM task WHERE item_id = i.id) t
                ORDER BY %s""".formatted(chosen, PROMPT_CHARACTERS, order);
    }

    private ItemList.Row row(ResultSet rs, boolean byAgreement) throws SQLException {
        long unfinished = rs.getLong("unfinished");
        ItemState state = unfinished == 0
                ? ItemState.COMPLETE
                : rs.getLong("started") == 0 ? ItemState.WAITING : ItemState.IN_PROGRESS;
        String flags = rs.getString("flags");
        java.sql.Array models = rs.getArray("models");
        long id = rs.getLong("id");
        return new ItemList.Row(
                rs.getString("external_id"),
                rs.getString("prompt"),
                state,
                rs.getLong("rank_done"),
                rs.getLong("rank_slots"),
                rs.getLong("write_done"),
                rs.getLong("write_slots"),
                (Double) rs.getObject("with_ties"),
                rs.getBoolean("gold"),
                flags == null ? Map.of() : json.readValue(flags, FLAG_COUNTS),
                models == null ? List.of() : List.of((String[]) models.getArray()),
                rs.getBoolean("excluded"),
                new ItemQuery.Cursor(byAgreement ? rs.getDouble("sort_key") : null, id));
    }

    private List<ItemDetail.Demonstration> demonstrations(long itemId) {
        return jdbc.sql("""
                        SELECT d.id, u.username AS author, d.content, d.revises_id, b.external_id AS based_on,
                               d.submitted_at, d.active_seconds, d.late,
                               CASE WHEN r.decision IS NULL AND d.revises_id IS NOT NULL THEN 'APPROVED'
                                    ELSE r.decision END AS decision,
                               v.username AS reviewer, r.comment, r.created_at AS reviewed_at
                        FROM demonstration d
                        JOIN app_user u ON u.id = d.author_id
                        LEFT JOIN candidate b ON b.id = d.based_on_candidate_id
                        LEFT JOIN LATERAL (
                            SELECT x.decision, x.comment, x.reviewer_id, x.created_at FROM review x
                            WHERE x.demonstration_id = d.id ORDER BY x.created_at DESC, x.id DESC LIMIT 1) r ON true
                        LEFT JOIN app_user v ON v.id = r.reviewer_id
                        WHERE d.item_id = ?
                        ORDER BY d.submitted_at, d.id
                        """)
                .param(itemId)
                .query((rs, n) -> new ItemDetail.Demonstration(
                        rs.getLong("id"),
                        rs.getString("author"),
                        rs.getString("content"),
                        (Long) rs.getObject("revises_id"),
                        rs.getString("based_on"),
                        instant(rs.getTimestamp("submitted_at")),
                        (Integer) rs.getObject("active_seconds"),
                        rs.getBoolean("late"),
                        rs.getString("decision") == null ? null : ReviewDecision.valueOf(rs.getString("decision")),
                        rs.getString("reviewer"),
                        rs.getString("comment"),
                        instant(rs.getTimestamp("reviewed_at"))))
                .list();
    }

    /** The measures of the item's rankings: one per annotator (the newest), as the project's report counts them. */
    private static ItemDetail.Measures measures(ItemJudgments judgments) {
        Map<String, ItemJudgments.Ranking> newest = new LinkedHashMap<>();
        judgments.rankings().forEach(r -> newest.put(r.annotator(), r));
        List<Judgment> counted = new ArrayList<>();
        long annotator = 0;
        for (ItemJudgments.Ranking ranking : newest.values()) {
            counted.add(new Judgment(0, annotator++, ranking.tiers(), ranking.noneAcceptable()));
        }
        if (counted.isEmpty()) {
            return new ItemDetail.Measures(0, 0, null, 0, null, null);
        }
        PairwiseAgreement.Counts counts = PairwiseAgreement.of(counted, 0, PairwiseAgreement.DEFAULT_SEED)
                .items()
                .get(0L);
        double w = Kendall.wPerItem(counted).getOrDefault(0L, Double.NaN);
        return new ItemDetail.Measures(
                counted.size(),
                counts.comparisons(),
                number(counts.withTies()),
                counts.strictComparisons(),
                number(counts.withoutTies()),
                number(w));
    }

    private static Double number(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
