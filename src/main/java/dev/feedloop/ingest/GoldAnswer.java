package dev.feedloop.ingest;

import java.util.List;

/**
 * The expected answer of a gold item: its candidates ranked in tiers, best first (candidates in one
 * tier are tied), and optionally the expected best candidate.
 *
 * @param tiers candidate external ids, best tier first; at least two candidates in all, none twice
 * @param best one of the first tier's candidates, or {@code null}
 */
public record GoldAnswer(List<List<String>> tiers, String best) {

    public GoldAnswer {
        tiers = tiers.stream().map(List::copyOf).toList();
    }

    /** The tier of each candidate the gold answer ranks (0 is the best), by candidate id. */
    public java.util.Map<String, Integer> tierOf() {
        java.util.Map<String, Integer> tierOf = new java.util.HashMap<>();
        for (int i = 0; i < tiers.size(); i++) {
            for (String id : tiers.get(i)) {
                tierOf.putIfAbsent(id, i);
            }
        }
        return tierOf;
    }
}
