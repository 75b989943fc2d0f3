package dev.feedloop.quality;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.GoldSettings;
import dev.feedloop.projects.Members;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.workqueue.GoldJudgmentSubmitted;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measures annotators on gold items: after each gold ranking, their {@link GoldAccuracy} in the
 * project since they were last reinstated; with at least the project's minimum of gold judgments
 * and an accuracy below its threshold, they are paused there. Reads the rankings of gold tasks and
 * the gold answers with read-only SQL (see docs/architecture.md).
 */
@Service
public class GoldChecks {

    private static final java.time.Instant LATEST = java.time.Instant.parse("9999-12-31T23:59:59Z");

    private static final TypeReference<List<List<String>>> TIERS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Projects projects;
    private final Members members;

    GoldChecks(JdbcClient jdbc, JsonMapper json, Projects projects, Members members) {
        this.jdbc = jdbc;
        this.json = json;
        this.projects = projects;
        this.members = members;
    }

    /** Checks the person's gold accuracy in the submit's transaction and pauses them when it is too low. */
    @EventListener
    @Transactional
    public void on(GoldJudgmentSubmitted event) {
        Members.GoldStanding standing = members.standing(event.projectId(), event.userId());
        if (!standing.member() || standing.paused()) {
            return;
        }
        GoldSettings gold = projects.get(event.projectId()).gold();
        GoldAccuracy accuracy = accuracy(event.projectId(), event.userId(), standing.countsFrom());
        if (accuracy.judgments() >= gold.minimumJudgments()
                && accuracy.pairs() > 0
                && accuracy.accuracy() * 100 < gold.thresholdPercent()) {
            members.pauseForGold(event.projectId(), event.userId(), accuracy.accuracy(), accuracy.judgments());
        }
    }

    /**
     * The person's accuracy on the project's gold items, over their rankings of gold tasks submitted
     * after {@code from} (all of them when {@code null}), against the current gold answers.
     */
    @Transactional(readOnly = true)
    public GoldAccuracy accuracy(long projectId, long userId, java.time.Instant from) {
        return accuracy(projectId, userId, from, null);
    }

    /** The same, over the gold rankings submitted after {@code from} and up to {@code until} (no bound when {@code null}). */
    @Transactional(readOnly = true)
    public GoldAccuracy accuracy(long projectId, long userId, java.time.Instant from, java.time.Instant until) {
        return accuracyOf(
                """
                SELECT g.tiers::text AS gold, r.tiers::text AS given
                FROM ranking r
                JOIN task t ON t.id = r.task_id AND t.gold_for = r.annotator_id
                JOIN item_gold g ON g.item_id = r.item_id
                WHERE r.project_id = ? AND r.annotator_id = ? AND r.submitted_at > ? AND r.submitted_at <= ?
                ORDER BY r.id
                """,
                projectId,
                userId,
                Timestamp.from(from == null ? java.time.Instant.EPOCH : from),
                Timestamp.from(until == null ? LATEST : until));
    }

    /**
     * The project's gold status up to {@code asOf}, with who is paused and who is close to the
     * threshold taken from its {@code ledger} (of the same instant); administrators and reviewers.
     */
    @Transactional(readOnly = true)
    public GoldStatus status(
            String slug, AccountPrincipal me, java.time.Instant asOf, List<QualityLedger.Entry> ledger) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        long items = jdbc.sql("SELECT count(*) FROM item_gold WHERE project_id = ?")
                .param(project.id())
                .query(Long.class)
                .single();
        GoldAccuracy overall = accuracyOf("""
                SELECT g.tiers::text AS gold, r.tiers::text AS given
                FROM ranking r
                JOIN task t ON t.id = r.task_id AND t.gold_for = r.annotator_id
                JOIN item_gold g ON g.item_id = r.item_id
                WHERE r.project_id = ? AND r.submitted_at <= ?
                """, project.id(), Timestamp.from(asOf));
        GoldSettings settings = project.gold();
        List<QualityLedger.Entry> paused =
                ledger.stream().filter(QualityLedger.Entry::paused).toList();
        List<QualityLedger.Entry> close = ledger.stream()
                .filter(e -> !e.paused() && e.gold().pairs() > 0)
                .filter(e -> e.gold().accuracy() * 100 < settings.thresholdPercent() + GoldStatus.CLOSE_MARGIN)
                .sorted(java.util.Comparator.comparingDouble(
                                (QualityLedger.Entry e) -> e.gold().accuracy())
                        .thenComparing(QualityLedger.Entry::username))
                .toList();
        return new GoldStatus(settings, items, overall, paused, close);
    }

    private GoldAccuracy accuracyOf(String sql, Object... params) {
        // gold answers and rankings often share their text: parsed once
        java.util.Map<String, List<List<String>>> parsed = new java.util.HashMap<>();
        List<GoldAccuracy.Judgment> judgments = jdbc.sql(sql)
                .params(params)
                .query((rs, n) -> new GoldAccuracy.Judgment(
                        parsed.computeIfAbsent(rs.getString("gold"), text -> json.readValue(text, TIERS)),
                        parsed.computeIfAbsent(rs.getString("given"), text -> json.readValue(text, TIERS))))
                .list();
        return GoldAccuracy.of(judgments);
    }

    /**
     * Everyone's accuracy on the project's gold items over all their gold rankings submitted up to
     * {@code until} (reinstatements do not matter here), against the current gold answers, by user
     * id; people without gold rankings are not in it. One query for the whole project.
     */
    @Transactional(readOnly = true)
    public Map<Long, GoldAccuracy> accuracies(long projectId, java.time.Instant until) {
        Map<Long, List<GoldAccuracy.Judgment>> byPerson = new TreeMap<>();
        jdbc.sql("""
                        SELECT r.annotator_id, g.tiers::text AS gold, r.tiers::text AS given
                        FROM ranking r
                        JOIN task t ON t.id = r.task_id AND t.gold_for = r.annotator_id
                        JOIN item_gold g ON g.item_id = r.item_id
                        WHERE r.project_id = ? AND r.submitted_at <= ?
                        ORDER BY r.annotator_id, r.id
                        """).params(projectId, Timestamp.from(until)).query(rs -> {
            byPerson.computeIfAbsent(rs.getLong("annotator_id"), id -> new ArrayList<>())
                    .add(new GoldAccuracy.Judgment(
                            json.readValue(rs.getString("gold"), TIERS), json.readValue(rs.getString("given"), TIERS)));
        });
        Map<Long, GoldAccuracy> accuracies = new LinkedHashMap<>();
        byPerson.forEach((userId, judgments) -> accuracies.put(userId, GoldAccuracy.of(judgments)));
        return accuracies;
    }
}
