package dev.feedloop.quality;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.generation.MachineJudgment;
import dev.feedloop.generation.MachineJudgments;
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
 * newest judgment of an item in each order counts; people's newest ranking of an item each.
 */
@Service
public class JudgeReports {

    private static final TypeReference<List<List<String>>> TIERS = new TypeReference<>() {};

    private final Projects projects;
    private final MachineJudgments machineJudgments;
    private final JdbcClient jdbc;
    private final JsonMapper json;

    JudgeReports(Projects projects, MachineJudgments machineJudgments, JdbcClient jdbc, JsonMapper json) {
        this.projects = projects;
        this.machineJudgments = machineJudgments;
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * One judge's agreement with people.
     *
     * @param endpointId null when the endpoint was removed since
     * @param judgedItems items the judge ranked (in either order), with or without people's rankings
     */
    public record JudgeRow(
            @Nullable Long endpointId,
            String endpointName,
            String model,
            int judgedItems,
            JudgeAgreement.Result result) {}

    @Transactional(readOnly = true)
    public List<JudgeRow> judges(String slug, AccountPrincipal me) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        return judges(project.id());
    }

    /** The judges of a project, by endpoint name and model; callers check the role. */
    @Transactional(readOnly = true)
    public List<JudgeRow> judges(long projectId) {
        List<MachineJudgment> all = machineJudgments.ofProject(projectId);
        if (all.isEmpty()) {
            return List.of();
        }
        record Judge(@Nullable Long endpointId, String name, String model) {}
        // judge → item → order → newest judgment (the list is by item and id)
        Map<Judge, Map<Long, Map<String, MachineJudgment>>> byJudge = new LinkedHashMap<>();
        TreeSet<Long> itemIds = new TreeSet<>();
        for (MachineJudgment judgment : all) {
            byJudge.computeIfAbsent(
                            new Judge(judgment.endpointId(), judgment.endpointName(), judgment.model()),
                            judge -> new LinkedHashMap<>())
                    .computeIfAbsent(judgment.itemId(), item -> new HashMap<>())
                    .put(judgment.order(), judgment);
            itemIds.add(judgment.itemId());
        }
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
        jdbc.sql("SELECT item_id, external_id, char_length(content) FROM candidate WHERE item_id = ANY(:items)")
                .param("items", items)
                .query((rs, n) -> lengths.computeIfAbsent(rs.getLong(1), id -> new HashMap<>())
                        .put(rs.getString(2), rs.getInt(3)))
                .list();
        List<JudgeRow> rows = new ArrayList<>();
        byJudge.forEach((judge, judged) -> {
            List<JudgeAgreement.Item> compared = new ArrayList<>();
            judged.forEach((itemId, orders) -> {
                MachineJudgment forward = orders.get(MachineJudgment.FORWARD);
                MachineJudgment reversed = orders.get(MachineJudgment.REVERSED);
                List<String> candidates =
                        forward != null ? forward.shown() : reversed.shown().reversed();
                compared.add(new JudgeAgreement.Item(
                        itemId,
                        candidates,
                        humans.getOrDefault(itemId, List.of()),
                        forward == null ? null : forward.tiers(),
                        reversed == null ? null : reversed.tiers(),
                        lengths.getOrDefault(itemId, Map.of())));
            });
            rows.add(new JudgeRow(
                    judge.endpointId(), judge.name(), judge.model(), judged.size(), JudgeAgreement.of(compared)));
        });
        rows.sort(java.util.Comparator.comparing(JudgeRow::endpointName).thenComparing(JudgeRow::model));
        return rows;
    }
}
