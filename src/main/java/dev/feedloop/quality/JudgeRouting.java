package dev.feedloop.quality;

import dev.feedloop.generation.AssistSettings;
import dev.feedloop.generation.MachineJudgment;
import dev.feedloop.generation.MachineJudgmentRecorded;
import dev.feedloop.generation.MachineJudgments;
import dev.feedloop.workqueue.ExtraRankings;
import dev.feedloop.workqueue.RankTaskCompleted;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routing to people (docs/quality.md): with the project's option on, an item gets one extra human
 * rank slot ({@link ExtraRankings#addOne}) when a judge ranked it differently in its two orders
 * ({@link Reason#INCONSISTENT}), or when the judge, on a pair both its orders judge alike, differs
 * from the item's first human ranking ({@link Reason#DISAGREES}); once per item and reason.
 *
 * <p>Both checks run in the transaction that stores what triggers them: a judge's second order
 * ({@link MachineJudgmentRecorded}) or an item's first human ranking ({@link RankTaskCompleted}).
 * Each first takes the item's queue row lock, so a judgment and a ranking stored at the same moment
 * take turns and the second sees the first. The row of {@code judge_route} is the guard: its
 * primary key (item, reason) makes a second server's insert wait for the first and then add
 * nothing, so the slot is added once.
 */
@Component
class JudgeRouting {

    /** Why an item was routed to people. */
    enum Reason {
        INCONSISTENT,
        DISAGREES
    }

    private static final TypeReference<List<List<String>>> TIERS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final AssistSettings settings;
    private final MachineJudgments judgments;
    private final ExtraRankings extraRankings;

    JudgeRouting(
            JdbcClient jdbc,
            JsonMapper json,
            AssistSettings settings,
            MachineJudgments judgments,
            ExtraRankings extraRankings) {
        this.jdbc = jdbc;
        this.json = json;
        this.settings = settings;
        this.judgments = judgments;
        this.extraRankings = extraRankings;
    }

    @EventListener
    void on(MachineJudgmentRecorded event) {
        if (!settings.judgeRouting(event.projectId()) || !extraRankings.lockItem(event.itemId())) {
            return;
        }
        List<MachineJudgment> all = judgments.ofItem(event.itemId());
        MachineJudgment recorded = all.stream()
                .filter(j -> j.id() == event.judgmentId())
                .findFirst()
                .orElse(null);
        if (recorded == null) {
            return;
        }
        Optional<OrderPair> pair = pairOf(all, recorded);
        if (pair.isEmpty()) {
            return;
        }
        if (!sameTiers(pair.get().forward().tiers(), pair.get().reversed().tiers())) {
            route(event.projectId(), event.itemId(), Reason.INCONSISTENT, pair.get());
        }
        Optional<List<List<String>>> human = firstHumanRanking(event.itemId());
        if (human.isPresent() && disagrees(pair.get(), human.get())) {
            route(event.projectId(), event.itemId(), Reason.DISAGREES, pair.get());
        }
    }

    @EventListener
    void on(RankTaskCompleted event) {
        if (!settings.judgeRouting(event.projectId()) || !extraRankings.lockItem(event.itemId())) {
            return;
        }
        Long first = jdbc.sql("SELECT id FROM ranking WHERE item_id = ? ORDER BY submitted_at, id LIMIT 1")
                .param(event.itemId())
                .query(Long.class)
                .optional()
                .orElse(null);
        if (!Objects.equals(first, event.judgmentId())) {
            return;
        }
        List<List<String>> human = firstHumanRanking(event.itemId()).orElse(null);
        if (human == null) {
            return;
        }
        for (OrderPair pair : pairs(judgments.ofItem(event.itemId()))) {
            if (disagrees(pair, human)) {
                route(event.projectId(), event.itemId(), Reason.DISAGREES, pair);
                return;
            }
        }
    }

    /** A judge's two orders of one item, from one run (or, for judgments whose run is gone, one endpoint). */
    record OrderPair(MachineJudgment forward, MachineJudgment reversed) {}

    /** The recorded judgment with its other order from the same judge run, when both are in. */
    private static Optional<OrderPair> pairOf(List<MachineJudgment> all, MachineJudgment recorded) {
        return pairs(all).stream()
                .filter(p -> p.forward().id() == recorded.id() || p.reversed().id() == recorded.id())
                .findFirst();
    }

    /** Every judge run's complete pair of orders of the item, oldest run first. */
    static List<OrderPair> pairs(List<MachineJudgment> all) {
        Map<String, MachineJudgment[]> byRun = new LinkedHashMap<>();
        for (MachineJudgment j : all) {
            String key = j.runId() != null ? "run:" + j.runId() : "endpoint:" + j.endpointName();
            MachineJudgment[] orders = byRun.computeIfAbsent(key, k -> new MachineJudgment[2]);
            orders[MachineJudgment.FORWARD.equals(j.order()) ? 0 : 1] = j;
        }
        List<OrderPair> pairs = new ArrayList<>();
        for (MachineJudgment[] orders : byRun.values()) {
            if (orders[0] != null && orders[1] != null) {
                pairs.add(new OrderPair(orders[0], orders[1]));
            }
        }
        return pairs;
    }

    /** Whether both orders put the same candidates in the same tiers (order within a tier aside). */
    static boolean sameTiers(List<List<String>> one, List<List<String>> other) {
        return one.stream()
                .map(Set::copyOf)
                .toList()
                .equals(other.stream().map(Set::copyOf).toList());
    }

    /**
     * Whether the judge differs from the person on a candidate pair both of its orders judge alike
     * and the person places. Pairs the judge changed its mind about count for {@link
     * Reason#INCONSISTENT} only, so a self-contradicting judge does not also count as disagreeing
     * through the tie its orders would combine to. A "none acceptable" ranking places nothing and so
     * never disagrees.
     */
    static boolean disagrees(OrderPair pair, List<List<String>> human) {
        TierPositions forward = TierPositions.of(pair.forward().tiers());
        TierPositions reversed = TierPositions.of(pair.reversed().tiers());
        TierPositions person = TierPositions.of(human);
        Set<String> candidates = new LinkedHashSet<>();
        human.forEach(candidates::addAll);
        List<String> list = List.copyOf(candidates);
        for (int a = 0; a < list.size(); a++) {
            for (int b = a + 1; b < list.size(); b++) {
                Verdict judge = forward.verdict(list.get(a), list.get(b)).orElse(null);
                if (judge == null
                        || judge != reversed.verdict(list.get(a), list.get(b)).orElse(null)) {
                    continue;
                }
                Verdict theirs = person.verdict(list.get(a), list.get(b)).orElse(null);
                if (theirs != null && judge != theirs) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The tiers of the item's first human ranking (empty tiers for "none acceptable"). */
    private Optional<List<List<String>>> firstHumanRanking(long itemId) {
        return jdbc.sql("""
                        SELECT CASE WHEN none_acceptable THEN '[]' ELSE tiers::text END FROM ranking
                        WHERE item_id = ? ORDER BY submitted_at, id LIMIT 1
                        """).param(itemId).query(String.class).optional().map(text -> json.readValue(text, TIERS));
    }

    /** Records the route once per item and reason; the first to record it adds the slot. */
    private void route(long projectId, long itemId, Reason reason, OrderPair pair) {
        boolean first = jdbc.sql("""
                                INSERT INTO judge_route (item_id, reason, project_id, judgment_ids, slot_added)
                                VALUES (:item, :reason, :project, :ids, false)
                                ON CONFLICT (item_id, reason) DO NOTHING
                                """)
                        .param("item", itemId)
                        .param("reason", reason.name())
                        .param("project", projectId)
                        .param(
                                "ids",
                                new Long[] {pair.forward().id(), pair.reversed().id()})
                        .update()
                > 0;
        if (first && extraRankings.addOne(itemId)) {
            jdbc.sql("UPDATE judge_route SET slot_added = true WHERE item_id = ? AND reason = ?")
                    .params(itemId, reason.name())
                    .update();
        }
    }
}
