package dev.feedloop.quality;

import dev.feedloop.ingest.ItemWithCandidates;
import dev.feedloop.projects.ProjectSettings;

/**
 * Everything a reviewer needs to decide an item: its conversation and candidates, every ranking side
 * by side, its agreement, whether it is in the queue, and the decision so far.
 *
 * @param agreement pairwise agreement with ties over its rankings (0 to 1), NaN without comparisons
 * @param needed the item needs adjudication (disagrees after its extras, no rank slot left open)
 * @param decision the current deciding ranking, or {@code null}
 */
public record AdjudicationCase(
        ProjectSettings project,
        ItemWithCandidates item,
        ItemJudgments judgments,
        double agreement,
        boolean needed,
        Adjudication decision) {

    /** The version a new decision replaces: the current one's, 0 when there is none. */
    public int version() {
        return decision == null ? 0 : decision.version();
    }

    public long agreementPercent() {
        return Double.isNaN(agreement) ? 0 : Math.round(agreement * 100);
    }
}
