package dev.feedloop.ingest;

import java.util.List;

/**
 * The ranking that one source's prior judgments of an item make together (see {@link
 * PriorJudgments#rankings}).
 *
 * @param sourceFormat the format the judgments came in, such as {@code hh-rlhf}
 * @param itemId the item
 * @param tiers the candidates the judgments rank, tiered best first
 */
public record PriorRanking(String sourceFormat, long itemId, List<List<String>> tiers) {}
