package dev.feedloop.ingest;

import java.util.List;

/**
 * One item touched by an import.
 *
 * @param itemId database id of the item
 * @param priority the item's priority (higher is handed out first)
 * @param candidateIds external ids of ALL the item's candidates after the import, so a listener sees
 *     when an item reaches two candidates and becomes rankable
 * @param newItem {@code true} when this import created the item, {@code false} when it only added
 *     candidates to an existing one
 */
public record ImportedItem(long itemId, int priority, List<String> candidateIds, boolean newItem) {}
