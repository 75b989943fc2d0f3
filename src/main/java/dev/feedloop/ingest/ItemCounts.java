package dev.feedloop.ingest;

/**
 * How much a project holds.
 *
 * @param rankableItems items with two or more candidates (they get rank slots)
 */
public record ItemCounts(long items, long candidates, long rankableItems) {}
