package dev.feedloop.quality;

import java.util.List;
import java.util.Map;

/**
 * One page of the item explorer.
 *
 * @param next the cursor of the page after this one, or null when this is the last
 * @param previous the cursor of the page before this one, or null when this is the first
 * @param models the models of the project's ranked candidates, for the model filter's suggestions
 */
public record ItemList(List<Row> rows, ItemQuery.Cursor next, ItemQuery.Cursor previous, List<String> models) {

    public ItemList {
        rows = List.copyOf(rows);
        models = List.copyOf(models);
    }

    /**
     * One item.
     *
     * @param prompt the first user turn, at most {@link ItemExplorer#PROMPT_CHARACTERS} characters
     * @param rankingsDone finished rank tasks (gold tasks included)
     * @param rankingsRequired ordinary rank slots (none for a gold item)
     * @param agreement pairwise agreement with ties; null without comparisons
     * @param flags per flag, how often rankings raised it on a candidate of the item
     * @param cursor where this row is in the list
     */
    public record Row(
            String externalId,
            String prompt,
            ItemState state,
            long rankingsDone,
            long rankingsRequired,
            long demonstrationsDone,
            long demonstrationsRequired,
            Double agreement,
            boolean gold,
            Map<String, Long> flags,
            List<String> models,
            boolean excluded,
            ItemQuery.Cursor cursor) {}
}
