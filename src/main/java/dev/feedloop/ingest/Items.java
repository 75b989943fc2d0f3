package dev.feedloop.ingest;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reading imported items and their candidates. {@link #get}, {@link #candidates} and {@link
 * #withCandidates} are for other
 * modules, which check that the acting person may see the item's project; {@link #page} checks it
 * itself.
 */
@Service
public class Items {

    private static final TypeReference<List<Message>> MESSAGES = new TypeReference<>() {};

    /** Largest page of {@link #page}. */
    public static final int MAX_PAGE = 1000;

    private static final TypeReference<List<List<String>>> TIERS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Projects projects;
    private final org.springframework.context.ApplicationEventPublisher events;

    Items(
            JdbcClient jdbc,
            JsonMapper json,
            Projects projects,
            org.springframework.context.ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.json = json;
        this.projects = projects;
        this.events = events;
    }

    /** The gold answer of the item with this database id, if it has one. */
    @Transactional(readOnly = true)
    public java.util.Optional<GoldAnswer> gold(long itemId) {
        return jdbc.sql("SELECT tiers::text AS tiers, best FROM item_gold WHERE item_id = ?")
                .param(itemId)
                .query((rs, n) -> new GoldAnswer(json.readValue(rs.getString("tiers"), TIERS), rs.getString("best")))
                .optional();
    }

    /** The gold answer of the project's item {@code externalId} (administrators only); 404 without one. */
    @Transactional(readOnly = true)
    public GoldAnswer gold(String slug, String externalId, AccountPrincipal me) {
        long itemId = requireItemForGold(slug, externalId, me);
        return gold(itemId).orElseThrow(() -> IngestRefusals.noGold(externalId));
    }

    /**
     * Sets (or replaces) the gold answer of the project's item {@code externalId}, checked as an
     * import checks it (administrators only): 422 naming the field {@code gold} when it names
     * another candidate, one twice, fewer than two, or a best candidate outside its first tier.
     */
    @Transactional
    public GoldAnswer setGold(String slug, String externalId, GoldAnswer gold, AccountPrincipal me) {
        long itemId = requireItemForGold(slug, externalId, me);
        if (gold == null || gold.tiers() == null) {
            throw IngestRefusals.invalidGold("tiers is required");
        }
        List<String> candidateIds =
                candidates(itemId).stream().map(CandidateView::externalId).toList();
        List<ImportError> errors = GoldRules.check(0, GoldRules.FIELD, gold, candidateIds);
        if (!errors.isEmpty()) {
            throw IngestRefusals.invalidGold(errors.getFirst().message());
        }
        Map<String, Object> row = new java.util.HashMap<>();
        row.put("tiers", gold.tiers());
        jdbc.sql("""
                        INSERT INTO item_gold (item_id, project_id, tiers, best)
                        SELECT i.id, i.project_id, :tiers::jsonb, :best FROM item i WHERE i.id = :item
                        ON CONFLICT (item_id) DO UPDATE
                            SET tiers = excluded.tiers, best = excluded.best, updated_at = now()
                        """)
                .param("tiers", json.writeValueAsString(gold.tiers()))
                .param("best", gold.best())
                .param("item", itemId)
                .update();
        events.publishEvent(new GoldAnswersChanged(get(itemId).projectId(), List.of(itemId), List.of()));
        return gold;
    }

    /** Removes the gold answer of the project's item {@code externalId} (administrators only); harmless twice. */
    @Transactional
    public void clearGold(String slug, String externalId, AccountPrincipal me) {
        long itemId = requireItemForGold(slug, externalId, me);
        if (jdbc.sql("DELETE FROM item_gold WHERE item_id = ?").param(itemId).update() > 0) {
            events.publishEvent(new GoldAnswersChanged(get(itemId).projectId(), List.of(), List.of(itemId)));
        }
    }

    /** The id of the project's item {@code externalId}; 404 when the project has no such item. */
    @Transactional(readOnly = true)
    public long requireId(long projectId, String externalId) {
        return jdbc.sql("SELECT id FROM item WHERE project_id = ? AND external_id = ?")
                .params(projectId, externalId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> IngestRefusals.noSuchItem(externalId));
    }

    /**
     * Leaves the project's item {@code externalId} out of every export and snapshot from now on
     * (administrators only), with an optional reason of at most {@value ItemExclusion#MAX_REASON}
     * characters (422 naming {@code reason} when longer). Excluding an excluded item again replaces
     * who, when and why.
     */
    @Transactional
    public ItemExclusion exclude(String slug, String externalId, String reason, AccountPrincipal me) {
        long itemId = requireItemForAdmin(slug, externalId, me, IngestRefusals::adminOnlyExclusion);
        String why = reason == null || reason.isBlank() ? null : reason.strip();
        if (why != null && why.length() > ItemExclusion.MAX_REASON) {
            throw IngestRefusals.reasonTooLong(ItemExclusion.MAX_REASON);
        }
        jdbc.sql("UPDATE item SET excluded_at = now(), excluded_by = ?, excluded_reason = ? WHERE id = ?")
                .params(me.id(), why, itemId)
                .update();
        return exclusion(itemId);
    }

    /** Exports the project's item {@code externalId} again (administrators only); harmless twice. */
    @Transactional
    public ItemExclusion include(String slug, String externalId, AccountPrincipal me) {
        long itemId = requireItemForAdmin(slug, externalId, me, IngestRefusals::adminOnlyExclusion);
        jdbc.sql("UPDATE item SET excluded_at = NULL, excluded_by = NULL, excluded_reason = NULL WHERE id = ?")
                .param(itemId)
                .update();
        return exclusion(itemId);
    }

    /**
     * Whether the item with this database id is excluded from exports; for other modules, which
     * check that the acting person may see the item's project. 404 when there is no such item.
     */
    @Transactional(readOnly = true)
    public ItemExclusion exclusion(long itemId) {
        return jdbc.sql("""
                        SELECT i.external_id, i.excluded_at, u.username, i.excluded_reason
                        FROM item i LEFT JOIN app_user u ON u.id = i.excluded_by
                        WHERE i.id = ?
                        """)
                .param(itemId)
                .query((rs, n) -> new ItemExclusion(
                        rs.getString("external_id"),
                        rs.getTimestamp("excluded_at") == null
                                ? null
                                : rs.getTimestamp("excluded_at").toInstant(),
                        rs.getString("username"),
                        rs.getString("excluded_reason")))
                .optional()
                .orElseThrow(() -> IngestRefusals.itemNotFound(itemId));
    }

    private long requireItemForGold(String slug, String externalId, AccountPrincipal me) {
        return requireItemForAdmin(slug, externalId, me, IngestRefusals::adminOnlyGold);
    }

    private long requireItemForAdmin(
            String slug,
            String externalId,
            AccountPrincipal me,
            java.util.function.Supplier<RuntimeException> notAdmin) {

        ProjectSettings project = projects.requireVisible(slug, me);
        if (!me.admin()) {
            throw notAdmin.get();
        }
        return requireId(project.id(), externalId);
    }

    /**
     * Up to {@code limit} (1 to {@value #MAX_PAGE}) items of the project with ids above {@code after},
     * in id order, each with its candidates: keyset pagination that stays fast on any page.
     * Administrators only: the candidates carry model names.
     */
    @Transactional(readOnly = true)
    public ItemPage page(String slug, Long after, int limit, AccountPrincipal user) {
        ProjectSettings project = projects.requireVisible(slug, user);
        if (!user.admin()) {
            throw IngestRefusals.adminOnlyItems();
        }
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        List<ItemView> items = jdbc.sql("""
                        SELECT id, project_id, external_id, messages::text AS messages, metadata::text AS metadata,
                               priority
                        FROM item WHERE project_id = ? AND id > ? ORDER BY id LIMIT ?
                        """)
                .params(project.id(), after == null ? 0L : after, size + 1)
                .query((rs, n) -> view(rs))
                .list();
        boolean more = items.size() > size;
        if (more) {
            items = items.subList(0, size);
        }
        Map<Long, List<CandidateView>> candidates = new LinkedHashMap<>();
        items.forEach(item -> candidates.put(item.id(), new ArrayList<>()));
        if (!items.isEmpty()) {
            jdbc.sql("""
                            SELECT id, item_id, external_id, model, content FROM candidate
                            WHERE item_id = ANY(?) ORDER BY item_id, id
                            """)
                    .param(items.stream().map(ItemView::id).toArray(Long[]::new))
                    .query(rs -> {
                        candidates
                                .get(rs.getLong("item_id"))
                                .add(new CandidateView(
                                        rs.getLong("id"),
                                        rs.getString("external_id"),
                                        rs.getString("model"),
                                        rs.getString("content")));
                    });
        }
        List<ItemWithCandidates> entries = items.stream()
                .map(item -> new ItemWithCandidates(item, candidates.get(item.id())))
                .toList();
        return new ItemPage(entries, more ? items.get(items.size() - 1).id() : null);
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
                .query((rs, n) -> view(rs))
                .optional()
                .orElseThrow(() -> IngestRefusals.itemNotFound(itemId));
    }

    /**
     * The item with this database id and its candidates in import order, read in one statement (a
     * task page needs both); 404 when there is no such item.
     */
    @Transactional(readOnly = true)
    public ItemWithCandidates withCandidates(long itemId) {
        List<CandidateView> candidates = new ArrayList<>();
        ItemView[] item = new ItemView[1];
        jdbc.sql("""
                        SELECT i.id, i.project_id, i.external_id, i.messages::text AS messages,
                               i.metadata::text AS metadata, i.priority,
                               c.id AS candidate_id, c.external_id AS candidate_external_id, c.model, c.content
                        FROM item i LEFT JOIN candidate c ON c.item_id = i.id
                        WHERE i.id = ? ORDER BY c.id
                        """).param(itemId).query(rs -> {
            if (item[0] == null) {
                item[0] = view(rs);
            }
            long candidateId = rs.getLong("candidate_id");
            if (!rs.wasNull()) {
                candidates.add(new CandidateView(
                        candidateId,
                        rs.getString("candidate_external_id"),
                        rs.getString("model"),
                        rs.getString("content")));
            }
        });
        if (item[0] == null) {
            throw IngestRefusals.itemNotFound(itemId);
        }
        return new ItemWithCandidates(item[0], candidates);
    }

    /** The project's items, their candidates, and the items with two or more candidates. */
    @Transactional(readOnly = true)
    public ItemCounts counts(long projectId) {
        return jdbc.sql("""
                        SELECT count(*) AS items,
                               coalesce(sum(c.n), 0) AS candidates,
                               count(*) FILTER (WHERE c.n >= 2) AS rankable
                        FROM item i
                        LEFT JOIN LATERAL (SELECT count(*) AS n FROM candidate WHERE item_id = i.id) c ON true
                        WHERE i.project_id = ?
                        """)
                .param(projectId)
                .query((rs, n) -> new ItemCounts(rs.getLong("items"), rs.getLong("candidates"), rs.getLong("rankable")))
                .single();
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

    private ItemView view(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ItemView(
                rs.getLong("id"),
                rs.getLong("project_id"),
                rs.getString("external_id"),
                json.readValue(rs.getString("messages"), MESSAGES),
                json.readTree(rs.getString("metadata")),
                rs.getInt("priority"));
    }
}
