package dev.feedloop.quality;

import java.util.List;

/**
 * One annotator's ranking of one item's candidates, the input of the agreement measures.
 *
 * @param tiers best tier first; candidates in one tier are tied; empty when none was acceptable
 * @param noneAcceptable the annotator marked every candidate unacceptable; such a ranking gives no
 *     verdicts
 * @param submittedAt when it was submitted, in microseconds since the epoch (0 when not known); only
 *     agreement over time reads it
 */
public record Judgment(
        long itemId, long annotatorId, List<List<String>> tiers, boolean noneAcceptable, long submittedAt) {

    public Judgment {
        tiers = immutable(tiers);
    }

    public Judgment(long itemId, long annotatorId, List<List<String>> tiers, boolean noneAcceptable) {
        this(itemId, annotatorId, tiers, noneAcceptable, 0);
    }

    /** The tiers as an unmodifiable list of unmodifiable lists; the same object when it already is one. */
    static List<List<String>> immutable(List<List<String>> tiers) {
        boolean same = true;
        for (List<String> tier : tiers) {
            same &= List.copyOf(tier) == tier;
        }
        return same
                ? List.copyOf(tiers)
                : List.copyOf(tiers.stream().map(List::copyOf).toList());
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
