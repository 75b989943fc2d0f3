package dev.feedloop.quality;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.generation.MachineJudgment;
import dev.feedloop.generation.MachineJudgments;
import dev.feedloop.ingest.PriorJudgments;
import dev.feedloop.ingest.PriorRanking;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The project's judges measured against its people ({@link JudgeAgreement}), one row per judge (an
 * endpoint and the model that answered), for administrators and the project's reviewers. A judge's
 * newest judgment of an item in each order counts; people's newest ranking of an item each. Asked
 * for, the prior judgments that came with imported items are measured the same way, one row per
 * source format, a judge that ranked each item once.
 */
@Service
public class JudgeReports {

    private static final TypeReference<List<List<String>>> TIERS = new TypeReference<>() {};

    private final Projects projects;
    private final MachineJudgments machineJudgments;
    private final PriorJudgments priorJudgments;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    JudgeReports(
            Projects projects,
            MachineJudgments machineJudgments,
            PriorJudgments priorJudgments,
            JdbcClient jdbc,
            JsonMapper json) {
        this.projects = projects;
        this.machineJudgments = machineJudgments;
        this.priorJudgments = priorJudgments;
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * One judge's agreement with people.
     *
     * @param endpointId null when the endpoint was removed since, and for prior judgments
     * @param endpointName the endpoint's name, or for prior judgments the format they came in
     * @param model the model that answered; empty for prior judgments
     * @param judgedItems items the judge ranked (in either order), with or without people's rankings
     * @param prior whether the row is a dataset's imported (prior) judgments, not a model's
     */
    public record JudgeRow(
            @Nullable Long endpointId,
            String endpointName,
            String model,
            int judgedItems,
            boolean prior,
            JudgeAgreement.Result result) {}

    @Transactional(readOnly = true)
    public List<JudgeRow> judges(String slug, AccountPrincipal me) {
        return judges(slug, me, null);
    }

    /**
     * The judges; with {@code priors} {@code include} (not {@code exclude}, the default), also each
     * source format's prior judgments (imported with
     * the items) as one judge in one order, after the models.
     */
    @Transactional(readOnly = true)
    public List<JudgeRow> judges(String slug, AccountPrincipal me, @Nullable String priors) {
        boolean include = switch (priors == null || priors.isBlank() ? "exclude" : priors.strip()) {
            case "include" -> true;
            case "exclude" -> false;
            default -> throw QualityRefusals.unknownPriors(priors);
        };
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        return judges(project.id(), include);
    }

    /** Whether the project's items came with prior judgments (the report can include them). */
    @Transactional(readOnly = true)
    public boolean hasPriorJudgments(long projectId) {
        return priorJudgments.any(projectId);
    }

    /** The judges of a project, by endpoint name and model; callers check the role. */
    @Transactional(readOnly = true)
    public List<JudgeRow> judges(long projectId) {
        return judges(projectId, false);
    }

    private record Judge(@Nullable Long endpointId, String name, String model, boolean prior) {}

    /** A judge's ranking of one item in its order(s): {@code reversed} null for prior judgments. */
    private record Judged(
            @Nullable List<String> shown,
            @Nullable List<List<String>> forward,
            @Nullable List<List<String>> reversed) {}

    private List<JudgeRow> judges(long projectId, boolean priors) {
        // judge → item → its rankings (the machine judgments are by item and id: the newest wins)
        Map<Judge, Map<Long, Judged>> byJudge = new LinkedHashMap<>();
        for (MachineJudgment judgment : machineJudgments.ofProject(projectId)) {
            var judged = byJudge.computeIfAbsent(
                    new Judge(judgment.endpointId(), judgment.endpointName(), judgment.model(), false),
                    judge -> new LinkedHashMap<>());
            Judged before = judged.getOrDefault(judgment.itemId(), new Judged(null, null, null));
            judged.put(
                    judgment.itemId(),
                    judgment.order().equals(MachineJudgment.FORWARD)
                            ? new Judged(judgment.shown(), judgment.tiers(), before.reversed())
                            : new Judged(
                                    before.shown() != null
                                            ? before.shown()
                                            : judgment.shown().reversed(),
                                    before.forward(),
                                    judgment.tiers()));
        }
        if (priors) {
            for (PriorRanking ranking : priorJudgments.rankings(projectId)) {
                byJudge.computeIfAbsent(new Judge(null, ranking.sourceFormat(), "", true), j -> new LinkedHashMap<>())
                        .put(ranking.itemId(), new Judged(null, ranking.tiers(), null));
            }
        }
        if (byJudge.isEmpty()) {
            return List.of();
        }
        TreeSet<Long> itemIds = new TreeSet<>();
        byJudge.values().forEach(judged -> itemIds.addAll(judged.keySet()));
        Long[] items = itemIds.toArray(Long[]::new);
        Map<Long, List<Judgment>> humans = new HashMap<>();
        jdbc.sql("""
                        SELECT DISTINCT ON (r.item_id, r.annotator_id) r.item_id, r.annotator_id, r.tiers::text,
                               r.none_acceptable
                        FROM ranking r
                        WHERE r.project_id = :project AND r.item_id = ANY(:items)
                        ORDER BY r.item_id, r.annotator_id, r.submitted_at DESC, r.id DESC
                        """)
                .param("project", projectId)
                .param("items", items)
                .query((rs, n) -> humans.computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                        .add(new Judgment(
                                rs.getLong(1),
                                rs.getLong(2),
                                json.readValue(rs.getString(3), TIERS),
                                rs.getBoolean(4))))
                .list();
        Map<Long, Map<String, Integer>> lengths = new HashMap<>();
        Map<Long, List<String>> candidates = new HashMap<>();
        jdbc.sql("""
                        SELECT item_id, external_id, char_length(content) FROM candidate
                        WHERE item_id = ANY(:items) ORDER BY item_id, id
                        """)
                .param("items", items)
                .query((rs, n) -> {
                    lengths.computeIfAbsent(rs.getLong(1), id -> new HashMap<>())
                            .put(rs.getString(2), rs.getInt(3));
                    return candidates
                            .computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                            .add(rs.getString(2));
                })
                .list();
        List<JudgeRow> rows = new ArrayList<>();
        byJudge.forEach((judge, judged) -> {
            List<JudgeAgreement.Item> compared = new ArrayList<>();
            judged.forEach((itemId, ranked) -> compared.add(new JudgeAgreement.Item(
                    itemId,
                    ranked.shown() != null ? ranked.shown() : candidates.getOrDefault(itemId, List.of()),
                    humans.getOrDefault(itemId, List.of()),
                    ranked.forward(),
                    ranked.reversed(),
                    lengths.getOrDefault(itemId, Map.of()))));
            rows.add(new JudgeRow(
                    judge.endpointId(),
                    judge.name(),
                    judge.model(),
                    judged.size(),
                    judge.prior(),
                    JudgeAgreement.of(compared)));
        });
        rows.sort(java.util.Comparator.comparing(JudgeRow::prior)
                .thenComparing(JudgeRow::endpointName)
                .thenComparing(JudgeRow::model));
        return rows;
    }
}
