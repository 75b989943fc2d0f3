package dev.feedloop.quality;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.ingest.ItemWithCandidates;
import dev.feedloop.ingest.Items;
import dev.feedloop.projects.AgreementSettings;
import dev.feedloop.projects.LineBreaks;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.ranking.CheckedRanking;
import dev.feedloop.ranking.Rankings;
import dev.feedloop.workqueue.RankSubmission;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adjudication: items whose annotators still disagree after their extra rankings are decided by a
 * reviewer (project role REVIEWER, or an administrator). An item <em>needs adjudication</em> when
 * the project's agreement threshold is on, its agreement with ties is below it, none of its rank
 * slots is open or leased, it has had the project's maximum of extra slots (or more), and it has no
 * decision yet. The decision is a ranking checked by the rank page's rules, with an optional note,
 * stored in {@code adjudication} (one per item). Replacing or clearing a decision names the version
 * it replaces: when another reviewer changed it meanwhile, the change is refused (409), never
 * silently overwritten.
 *
 * <p>Reads {@code queue_item} and {@code task} (work queue) for the open slots and the extra-slot
 * counter, and {@code ranking} for the agreement, with SQL (see docs/architecture.md).
 */
@Service
public class Adjudications {

    /** Items per page of the queue, at most. */
    public static final int MAX_PAGE = 200;

    static final int MAX_NOTE = 10_000;

    /** Items examined per statement while filling a page (the agreement is computed in Java). */
    private static final int CHUNK = 500;

    private static final TypeReference<List<List<String>>> TIERS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Map<String, Integer>>> RATINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, List<String>>> FLAGS = new TypeReference<>() {};

    /** Items whose round is complete and extras are used up, with no decision, after {@code :after}. */
    private static final String CANDIDATES = """
            SELECT q.item_id, i.external_id,
                   (SELECT count(*) FROM ranking k WHERE k.item_id = q.item_id) AS rankings,
                   (SELECT max(k.submitted_at) FROM ranking k WHERE k.item_id = q.item_id) AS last_ranked
            FROM queue_item q JOIN item i ON i.id = q.item_id
            WHERE q.project_id = :project AND q.item_id > :after AND NOT q.gold
              AND jsonb_array_length(q.candidate_ids) >= 2 AND q.extra_rankings >= :max
              AND NOT EXISTS (
                  SELECT 1 FROM task t
                  WHERE t.item_id = q.item_id AND t.kind = 'RANK' AND t.gold_for IS NULL AND t.state <> 'DONE')
              AND EXISTS (SELECT 1 FROM ranking k WHERE k.item_id = q.item_id)
              AND NOT EXISTS (SELECT 1 FROM adjudication a WHERE a.item_id = q.item_id)
            ORDER BY q.item_id
            LIMIT :limit
            """;

    private static final String DECISION_COLUMNS = """
            a.item_id, i.external_id, a.tiers::text AS tiers, a.none_acceptable, a.ratings::text AS ratings,
            a.flags::text AS flags, a.strength, a.note, u.username, u.display_name, a.decided_at, a.version
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Projects projects;
    private final Items items;
    private final Rankings rankings;
    private final QualityReports reports;
    private final Disagreements disagreements;

    Adjudications(
            JdbcClient jdbc,
            JsonMapper json,
            Projects projects,
            Items items,
            Rankings rankings,
            QualityReports reports,
            Disagreements disagreements) {
        this.jdbc = jdbc;
        this.json = json;
        this.projects = projects;
        this.items = items;
        this.rankings = rankings;
        this.reports = reports;
        this.disagreements = disagreements;
    }

    /** Items that need adjudication, oldest first, {@code limit} (1 to {@value #MAX_PAGE}) after item id {@code after}. */
    @Transactional(readOnly = true)
    public AdjudicationQueue needed(String slug, Long after, int limit, AccountPrincipal me) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        return needed(project, after == null ? 0 : after, checkLimit(limit));
    }

    /** How many items of the project need adjudication (0 for people who may not adjudicate). */
    @Transactional(readOnly = true)
    public int neededCount(ProjectSettings project) {
        int count = 0;
        long after = 0;
        for (AdjudicationQueue page = needed(project, after, MAX_PAGE); ; page = needed(project, after, MAX_PAGE)) {
            count += page.items().size();
            if (page.next() == null) {
                return count;
            }
            after = page.next();
        }
    }

    /** Whether {@code me} may adjudicate in the project (reviewers and administrators). */
    @Transactional(readOnly = true)
    public Optional<ProjectSettings> adjudicator(String slug, AccountPrincipal me) {
        ProjectSettings project = projects.requireVisible(slug, me);
        return me.admin() || projects.rolesOf(project.id(), me).contains(ProjectRole.REVIEWER)
                ? Optional.of(project)
                : Optional.empty();
    }

    /** Decided items, in item order, {@code limit} after item id {@code after}. */
    @Transactional(readOnly = true)
    public AdjudicationQueue decided(String slug, Long after, int limit, AccountPrincipal me) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        int size = checkLimit(limit);
        record Decided(long itemId, Adjudication decision) {}
        List<Decided> decisions = jdbc.sql("SELECT " + DECISION_COLUMNS + """
                        FROM adjudication a JOIN item i ON i.id = a.item_id JOIN app_user u ON u.id = a.decided_by
                        WHERE a.project_id = :project AND a.item_id > :after
                        ORDER BY a.item_id LIMIT :limit
                        """)
                .param("project", project.id())
                .param("after", after == null ? 0 : after)
                .param("limit", size + 1)
                .query((rs, n) -> new Decided(rs.getLong("item_id"), decision(rs)))
                .list();
        List<Decided> page = decisions.subList(0, Math.min(size, decisions.size()));
        Map<Long, PairwiseAgreement.Counts> agreements =
                disagreements.agreements(page.stream().map(Decided::itemId).toList());
        List<AdjudicationQueue.Entry> entries = new ArrayList<>();
        for (Decided d : page) {
            PairwiseAgreement.Counts counts = agreements.getOrDefault(d.itemId(), PairwiseAgreement.Counts.NONE);
            entries.add(new AdjudicationQueue.Entry(
                    d.itemId(), d.decision().externalId(), 0, counts.withTies(), null, d.decision()));
        }
        Long next = decisions.size() > size ? page.getLast().itemId() : null;
        return new AdjudicationQueue(entries, next);
    }

    /** One item with everything needed to decide it; 404 for an unknown item. */
    @Transactional(readOnly = true)
    public AdjudicationCase open(String slug, String externalId, AccountPrincipal me) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        long itemId = items.requireId(project.id(), externalId);
        ItemWithCandidates item = items.withCandidates(itemId);
        ItemJudgments judgments = reports.judgments(slug, externalId, me);
        PairwiseAgreement.Counts counts = disagreements.agreement(itemId);
        Adjudication decision = find(itemId).orElse(null);
        boolean needed = decision == null && isNeeded(project, itemId);
        return new AdjudicationCase(project, item, judgments, counts.withTies(), needed, decision);
    }

    /** The item's decision; 404 for an unknown item or one without a decision. */
    @Transactional(readOnly = true)
    public Adjudication decision(String slug, String externalId, AccountPrincipal me) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        return find(items.requireId(project.id(), externalId))
                .orElseThrow(() -> QualityRefusals.noAdjudication(externalId));
    }

    /** {@link #needed} for {@code state} {@code needed}, {@link #decided} for {@code decided}; 400 otherwise. */
    @Transactional(readOnly = true)
    public AdjudicationQueue list(String slug, String state, Long after, int limit, AccountPrincipal me) {
        return switch (state == null ? "needed" : state) {
            case "needed" -> needed(slug, after, limit, me);
            case "decided" -> decided(slug, after, limit, me);
            default -> throw QualityRefusals.adjudicationState(state);
        };
    }

    /**
     * Decides the item: the ranking (candidates named by external id) checked as a rank submit is,
     * and an optional note. {@code version} is the decision this one replaces, 0 when there is none
     * yet; when the item's decision is another by now (a second reviewer, a second tab), 409 and
     * nothing changes. 422 for an item with fewer than two candidates.
     */
    @Transactional
    public Adjudication decide(
            String slug, String externalId, RankSubmission ranking, String note, int version, AccountPrincipal me) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        long itemId = items.requireId(project.id(), externalId);
        List<String> candidates = items.withCandidates(itemId).candidates().stream()
                .map(c -> c.externalId())
                .toList();
        if (candidates.size() < 2) {
            throw QualityRefusals.adjudicationTooFew(externalId);
        }
        CheckedRanking checked = rankings.check(ranking, candidates, project);
        String cleanNote = note == null || note.isBlank()
                ? null
                : LineBreaks.normalize(note).strip();
        if (cleanNote != null && cleanNote.length() > MAX_NOTE) {
            throw QualityRefusals.adjudicationNoteTooLong(MAX_NOTE);
        }
        String sql = version == 0 ? """
                        INSERT INTO adjudication (item_id, project_id, tiers, none_acceptable, candidates, ratings, flags,
                                                  strength, note, decided_by)
                        VALUES (:item, :project, :tiers::jsonb, :none, :candidates::jsonb, :ratings::jsonb, :flags::jsonb,
                                :strength, :note, :user)
                        ON CONFLICT (item_id) DO NOTHING
                        """ : """
                        UPDATE adjudication
                        SET tiers = :tiers::jsonb, none_acceptable = :none, candidates = :candidates::jsonb,
                            ratings = :ratings::jsonb, flags = :flags::jsonb, strength = :strength, note = :note,
                            decided_by = :user, decided_at = now(), version = version + 1
                        WHERE item_id = :item AND version = :version
                        """;
        int changed = jdbc.sql(sql)
                .param("item", itemId)
                .param("project", project.id())
                .param("tiers", json.writeValueAsString(checked.tiers()))
                .param("none", checked.noneAcceptable())
                .param("candidates", json.writeValueAsString(candidates))
                .param("ratings", json.writeValueAsString(checked.ratings()))
                .param("flags", json.writeValueAsString(checked.flags()))
                .param("strength", checked.strength())
                .param("note", cleanNote)
                .param("user", me.id())
                .param("version", version)
                .update();
        if (changed == 0) {
            throw QualityRefusals.adjudicationConflict(externalId, version);
        }
        return find(itemId).orElseThrow();
    }

    /**
     * Clears the item's decision (the majority vote counts again); {@code version}, when given,
     * must be the current one (409 otherwise). 404 when the item has no decision.
     */
    @Transactional
    public void clear(String slug, String externalId, Integer version, AccountPrincipal me) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        long itemId = items.requireId(project.id(), externalId);
        int deleted =
                jdbc.sql("""
                        DELETE FROM adjudication
                        WHERE item_id = :item AND (CAST(:version AS int) IS NULL OR version = :version)
                        """).param("item", itemId).param("version", version).update();
        if (deleted == 0) {
            throw find(itemId).isPresent()
                    ? QualityRefusals.adjudicationConflict(externalId, version)
                    : QualityRefusals.noAdjudication(externalId);
        }
    }

    private AdjudicationQueue needed(ProjectSettings project, long after, int limit) {
        AgreementSettings settings = project.agreement();
        if (!settings.on()) {
            return new AdjudicationQueue(List.of(), null);
        }
        List<AdjudicationQueue.Entry> found = new ArrayList<>();
        long from = after;
        while (true) {
            record Candidate(long itemId, String externalId, int rankings, java.time.Instant lastRanked) {}
            List<Candidate> chunk = jdbc.sql(CANDIDATES)
                    .param("project", project.id())
                    .param("after", from)
                    .param("max", settings.maxExtraRankings())
                    .param("limit", CHUNK)
                    .query((rs, n) -> new Candidate(
                            rs.getLong("item_id"),
                            rs.getString("external_id"),
                            rs.getInt("rankings"),
                            rs.getTimestamp("last_ranked").toInstant()))
                    .list();
            Map<Long, PairwiseAgreement.Counts> agreements = disagreements.agreements(
                    chunk.stream().map(Candidate::itemId).toList());
            for (Candidate c : chunk) {
                PairwiseAgreement.Counts counts = agreements.getOrDefault(c.itemId(), PairwiseAgreement.Counts.NONE);
                if (!Disagreements.below(counts, settings.thresholdPercent())) {
                    continue;
                }
                if (found.size() == limit) {
                    return new AdjudicationQueue(found, found.getLast().itemId());
                }
                found.add(new AdjudicationQueue.Entry(
                        c.itemId(), c.externalId(), c.rankings(), counts.withTies(), c.lastRanked(), null));
            }
            if (chunk.size() < CHUNK) {
                return new AdjudicationQueue(found, null);
            }
            from = chunk.getLast().itemId();
        }
    }

    private boolean isNeeded(ProjectSettings project, long itemId) {
        if (!project.agreement().on()) {
            return false;
        }
        Integer open = jdbc.sql("""
                        SELECT count(*) FROM queue_item q
                        WHERE q.item_id = :item AND NOT q.gold AND q.extra_rankings >= :max
                          AND NOT EXISTS (
                              SELECT 1 FROM task t
                              WHERE t.item_id = q.item_id AND t.kind = 'RANK' AND t.gold_for IS NULL AND t.state <> 'DONE')
                        """)
                .param("item", itemId)
                .param("max", project.agreement().maxExtraRankings())
                .query(Integer.class)
                .single();
        return open > 0
                && Disagreements.below(
                        disagreements.agreement(itemId), project.agreement().thresholdPercent());
    }

    private Optional<Adjudication> find(long itemId) {
        return jdbc.sql("SELECT " + DECISION_COLUMNS + """
                        FROM adjudication a JOIN item i ON i.id = a.item_id JOIN app_user u ON u.id = a.decided_by
                        WHERE a.item_id = ?
                        """)
                .param(itemId)
                .query((rs, n) -> decision(rs))
                .optional();
    }

    private Adjudication decision(ResultSet rs) throws SQLException {
        return new Adjudication(
                rs.getString("external_id"),
                json.readValue(rs.getString("tiers"), TIERS),
                rs.getBoolean("none_acceptable"),
                json.readValue(rs.getString("ratings"), RATINGS),
                json.readValue(rs.getString("flags"), FLAGS),
                (Integer) rs.getObject("strength"),
                rs.getString("note"),
                rs.getString("username"),
                rs.getString("display_name"),
                rs.getTimestamp("decided_at").toInstant(),
                rs.getInt("version"));
    }

    private static int checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw QualityRefusals.adjudicationLimit(limit, MAX_PAGE);
        }
        return limit;
    }
}
