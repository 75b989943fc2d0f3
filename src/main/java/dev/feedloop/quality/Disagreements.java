package dev.feedloop.quality;

import dev.feedloop.projects.AgreementSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.workqueue.ExtraRankings;
import dev.feedloop.workqueue.RankTaskCompleted;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Items whose annotators disagree get more rankings: after a rank slot is completed, when the
 * item's pairwise agreement with ties (over all its rankings) is below the project's threshold,
 * {@link ExtraRankings#addIfDisagreeing} adds one extra slot if the round is complete and the item
 * has extras left.
 *
 * <p>This runs inside the submit's transaction, after the ranking is stored, so it commits or rolls
 * back with it and needs no second connection. Two people finishing an item's last two slots at
 * the same moment would each see the other's slot still leased; {@code addIfDisagreeing} takes the
 * item's queue row lock first, so the second waits for the first to commit and then sees both
 * rankings (each statement reads what is committed when it starts). Projects with the threshold off
 * pay one settings read from memory.
 */
@Component
class Disagreements {

    private static final TypeReference<List<List<String>>> TIERS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Projects projects;
    private final ExtraRankings extraRankings;

    Disagreements(JdbcClient jdbc, JsonMapper json, Projects projects, ExtraRankings extraRankings) {
        this.jdbc = jdbc;
        this.json = json;
        this.projects = projects;
        this.extraRankings = extraRankings;
    }

    @EventListener
    void on(RankTaskCompleted event) {
        AgreementSettings settings =
                projects.get(event.projectId(), event.projectRevision()).agreement();
        if (!settings.on() || settings.maxExtraRankings() == 0) {
            return;
        }
        extraRankings.addIfDisagreeing(
                event.itemId(),
                settings.maxExtraRankings(),
                itemId -> below(agreement(itemId), settings.thresholdPercent()));
    }

    /** Whether the counts' agreement with ties is below {@code percent}; never without comparisons. */
    static boolean below(PairwiseAgreement.Counts counts, int percent) {
        return counts.comparisons() > 0 && counts.agreements() * 100 < (long) percent * counts.comparisons();
    }

    /** The item's agreement counts over its rankings, each annotator's newest. */
    PairwiseAgreement.Counts agreement(long itemId) {
        return agreements(List.of(itemId)).getOrDefault(itemId, PairwiseAgreement.Counts.NONE);
    }

    /** Per item (items without rankings left out), its agreement counts over each annotator's newest ranking. */
    Map<Long, PairwiseAgreement.Counts> agreements(Collection<Long> itemIds) {
        Map<Long, Map<Long, Judgment>> byItem = new LinkedHashMap<>();
        if (itemIds.isEmpty()) {
            return Map.of();
        }
        jdbc.sql("""
                        SELECT item_id, annotator_id, tiers::text AS tiers, none_acceptable FROM ranking
                        WHERE item_id = ANY (?) ORDER BY submitted_at, id
                        """).param(itemIds.toArray(Long[]::new)).query((ResultSet rs) -> {
            long itemId = rs.getLong("item_id");
            byItem.computeIfAbsent(itemId, id -> new LinkedHashMap<>())
                    .put(
                            rs.getLong("annotator_id"),
                            new Judgment(
                                    itemId,
                                    rs.getLong("annotator_id"),
                                    json.readValue(rs.getString("tiers"), TIERS),
                                    rs.getBoolean("none_acceptable")));
        });
        Map<Long, PairwiseAgreement.Counts> result = new LinkedHashMap<>();
        byItem.forEach((itemId, judgments) ->
                result.put(itemId, PairwiseAgreement.ofItem(itemId, new ArrayList<>(judgments.values()))));
        return result;
    }
}
