package dev.feedloop.ingest;

import java.util.List;

/**
 * Items received, changed or lost their gold answer (by an import or through the API). Published
 * in the transaction that changed them, after {@link ItemsImported} for an import's batch.
 *
 * @param projectId the project of the items
 * @param goldItemIds items that have a gold answer now (new or changed)
 * @param clearedItemIds items whose gold answer was removed
 */
public record GoldAnswersChanged(long projectId, List<Long> goldItemIds, List<Long> clearedItemIds) {

    public GoldAnswersChanged {
        goldItemIds = List.copyOf(goldItemIds);
        clearedItemIds = List.copyOf(clearedItemIds);
    }
}
