package dev.feedloop.ingest;

import java.util.List;

/**
 * One item of an import batch.
 *
 * @param itemId the item
 * @param priority the item's priority (higher first)
 * @param candidateIds external ids of all the item's candidates after the import
 * @param newItem whether this import created the item (rather than finding it unchanged or adding
 *     candidates to it)
 */
public record ImportedItem(long itemId, int priority, List<String> candidateIds, boolean newItem) {}
