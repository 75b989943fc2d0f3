package dev.feedloop.quality;

import java.util.List;

/**
 * One annotator's ranking of one item's candidates, the input of the agreement measures.
 *
 * @param tiers best tier first; candidates in one tier are tied; empty when none was acceptable
 * @param noneAcceptable the annotator marked every candidate unacceptable; such a ranking gives no
 *     verdicts
 */
public record Judgment(long itemId, long annotatorId, List<List<String>> tiers, boolean noneAcceptable) {

    public Judgment {
        tiers = List.copyOf(tiers.stream().map(List::copyOf).toList());
    }

    /** A ranking with tiers (not "none acceptable"). */
    public static Judgment ranked(long itemId, long annotatorId, List<List<String>> tiers) {
        return new Judgment(itemId, annotatorId, tiers, false);
    }

    /** The tiers that count: none for a "none acceptable" ranking. */
    List<List<String>> countedTiers() {
        return noneAcceptable ? List.of() : tiers;
    }
}
