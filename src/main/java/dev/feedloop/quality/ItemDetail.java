package dev.feedloop.quality;

import dev.feedloop.ingest.GoldAnswer;
import dev.feedloop.ingest.ItemExclusion;
import dev.feedloop.ingest.ItemWithCandidates;
import dev.feedloop.review.ReviewDecision;
import java.time.Instant;
import java.util.List;

/**
 * One item as the item explorer shows it: its conversation and candidates, its row of the list,
 * every ranking and demonstration of it, the agreement measures of its rankings, its gold answer and
 * whether it is excluded from exports.
 *
 * @param gold null when the item is not gold
 */
public record ItemDetail(
        ItemWithCandidates item,
        ItemList.Row summary,
        ItemJudgments judgments,
        List<Demonstration> demonstrations,
        Measures measures,
        GoldAnswer gold,
        ItemExclusion exclusion) {

    public ItemDetail {
        demonstrations = List.copyOf(demonstrations);
    }

    /**
     * A demonstration of the item, oldest first; a reviewer's edit follows as its own entry.
     *
     * @param revisesId the demonstration a reviewer's edit revises, or null
     * @param basedOn the external id of the candidate it started from, or null
     * @param decision the review decision, or null while it waits for review (an edit counts as
     *     approved: it is the reviewer's own version)
     */
    public record Demonstration(
            long id,
            String author,
            String content,
            Long revisesId,
            String basedOn,
            Instant submittedAt,
            Integer activeSeconds,
            boolean late,
            ReviewDecision decision,
            String reviewer,
            String comment,
            Instant reviewedAt) {}

    /**
     * The item's agreement measures (docs/quality.md): pairwise agreement with and without ties
     * over its rankings (one per annotator, the newest) and Kendall's W; null where there is no value.
     */
    public record Measures(
            int rankings,
            long comparisons,
            Double withTies,
            long strictComparisons,
            Double withoutTies,
            Double kendallW) {}
}
