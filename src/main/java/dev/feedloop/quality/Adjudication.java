package dev.feedloop.quality;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A reviewer's deciding ranking of an item: it stands for the item in majority exports instead of
 * the annotators' vote.
 *
 * @param tiers candidate external ids, best tier first; empty when none was acceptable
 * @param decidedBy the reviewer's username
 * @param version 1 for the first decision, one more for each replacement; a replacement or a clear
 *     names the version it replaces
 */
public record Adjudication(
        String externalId,
        List<List<String>> tiers,
        boolean noneAcceptable,
        Map<String, Map<String, Integer>> ratings,
        Map<String, List<String>> flags,
        Integer strength,
        String note,
        String decidedBy,
        String decidedByName,
        Instant decidedAt,
        int version) {}
