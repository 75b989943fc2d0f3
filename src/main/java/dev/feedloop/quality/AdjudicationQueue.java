package dev.feedloop.quality;

import java.time.Instant;
import java.util.List;

/**
 * A page of items that need adjudication, or of decided ones, in item order (oldest first).
 *
 * @param next the {@code after} of the next page, or {@code null} on the last
 */
public record AdjudicationQueue(List<Entry> items, Long next) {

    public AdjudicationQueue {
        items = List.copyOf(items);
    }

    /**
     * One item.
     *
     * @param agreement pairwise agreement with ties over its rankings (0 to 1), NaN without comparisons
     * @param decision the deciding ranking, or {@code null} while the item waits for one
     */
    public record Entry(
            long itemId,
            String externalId,
            int rankings,
            double agreement,
            Instant lastRankedAt,
            Adjudication decision) {

        /** The agreement as a whole percentage, for pages. */
        public long agreementPercent() {
            return Double.isNaN(agreement) ? 0 : Math.round(agreement * 100);
        }
    }
}
