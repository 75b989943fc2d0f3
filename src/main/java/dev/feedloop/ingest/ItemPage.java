package dev.feedloop.ingest;

import java.util.List;

/**
 * One page of a project's items in id order.
 *
 * @param next the {@code after} value for the following page, or {@code null} on the last page
 */
public record ItemPage(List<ItemWithCandidates> items, Long next) {}
