package dev.feedloop.quality;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * How well one judge agrees with people, on the items both judged (docs/quality.md, "A judge
 * measured against humans"). Pure computation on plain inputs: per item, the people's rankings, the
 * judge's ranking in each order shown, and the candidates' lengths.
 *
 * <ul>
 *   <li><b>Judge–human agreement</b>: each order's ranking counts as one annotator compared with
 *       every person who ranked the item, by the pairwise definitions of {@link PairwiseAgreement}
 *       (with ties: equal verdicts over comparisons; without ties: leaving out pairs either side
 *       tied); comparisons between the two orders do not count.
 *   <li><b>Cohen's κ</b> between the judge's verdict and the people's majority verdict per candidate
 *       pair (first better / tie / second better, the pair in the candidates' order). The judge's
 *       verdict combines its two orders: their verdict when they agree, a tie when they do not, the
 *       one order's when only one was read. The majority is the verdict most people gave; a tie
 *       for the most is a tie. Pairs no person placed are left out.
 *   <li><b>Position consistency</b>: of the items judged in both orders, the share whose two
 *       rankings are the same (the same tiers, order within a tier aside), and of their pairs, the
 *       share with the same verdict.
 *   <li>Beside them, on the same items: <b>human–human</b> agreement, and the <b>longer answer
 *       wins</b> baseline: a ranking by length in characters (longer better, equal lengths tied)
 *       compared with every person as the judge is.
 * </ul>
 */
public final class JudgeAgreement {

    private JudgeAgreement() {}

    /**
     * One item as both judged it.
     *
     * @param candidates the item's candidates in their order (the order the judge's forward ranking
     *     showed them)
     * @param humans the people's rankings, at most one per person
     * @param forward the judge's ranking of the candidates in their order, or null when not read
     * @param reversed the judge's ranking of the candidates shown reversed, or null when not read
     * @param lengths each candidate's length in characters
     */
    public record Item(
            long itemId,
            List<String> candidates,
            List<Judgment> humans,
            List<List<String>> forward,
            List<List<String>> reversed,
            Map<String, Integer> lengths) {}

    /**
     * @param items items that both a person and the judge ranked
     * @param judgeHuman the judge's orders compared with people
     * @param humanHuman people compared with each other on the same items
     * @param longerWins the "longer answer wins" ranking compared with people on the same items
     * @param kappa Cohen's κ of the judge's combined verdicts and the people's majority (NaN when
     *     undefined)
     * @param kappaPairs the candidate pairs κ counts
     * @param bothOrders items the judge ranked in both orders
     * @param consistentItems of those, items whose two rankings are the same
     * @param orderedPairs candidate pairs both orders placed
     * @param consistentPairs of those, pairs with the same verdict in both orders
     */
    public record Result(
            int items,
            PairwiseAgreement.Counts judgeHuman,
            PairwiseAgreement.Counts humanHuman,
            PairwiseAgreement.Counts longerWins,
            double kappa,
            long kappaPairs,
            int bothOrders,
            int consistentItems,
            long orderedPairs,
            long consistentPairs) {

        /** Share of items judged the same in both orders; NaN without any. */
        public double itemConsistency() {
            return bothOrders == 0 ? Double.NaN : (double) consistentItems / bothOrders;
        }

        /** Share of pairs with the same verdict in both orders; NaN without any. */
        public double pairConsistency() {
            return orderedPairs == 0 ? Double.NaN : (double) consistentPairs / orderedPairs;
        }
    }

    public static Result of(List<Item> items) {
        long[] judgeHuman = new long[4];
        long[] humanHuman = new long[4];
        long[] longer = new long[4];
        long[][] confusion = new long[3][3];
        int counted = 0;
        int bothOrders = 0;
        int consistentItems = 0;
        long orderedPairs = 0;
        long consistentPairs = 0;
        for (Item item :
                items.stream().sorted(Comparator.comparingLong(Item::itemId)).toList()) {
            List<TierPositions> humans = item.humans().stream()
                    .filter(h -> !h.noneAcceptable() && !h.tiers().isEmpty())
                    .map(h -> TierPositions.of(h.tiers()))
                    .toList();
            if (humans.isEmpty() || (item.forward() == null && item.reversed() == null)) {
                continue;
            }
            counted++;
            TierPositions forward = item.forward() == null ? null : TierPositions.of(item.forward());
            TierPositions reversed = item.reversed() == null ? null : TierPositions.of(item.reversed());
            TierPositions byLength = TierPositions.of(lengthTiers(item.candidates(), item.lengths()));
            for (TierPositions human : humans) {
                if (forward != null) {
                    compare(item.candidates(), forward, human, judgeHuman);
                }
                if (reversed != null) {
                    compare(item.candidates(), reversed, human, judgeHuman);
                }
                compare(item.candidates(), byLength, human, longer);
            }
            for (int r = 0; r < humans.size(); r++) {
                for (int s = r + 1; s < humans.size(); s++) {
                    compare(item.candidates(), humans.get(r), humans.get(s), humanHuman);
                }
            }
            if (forward != null && reversed != null) {
                bothOrders++;
                if (sameTiers(item.forward(), item.reversed())) {
                    consistentItems++;
                }
            }
            List<String> candidates = item.candidates();
            for (int a = 0; a < candidates.size(); a++) {
                for (int b = a + 1; b < candidates.size(); b++) {
                    String first = candidates.get(a);
                    String second = candidates.get(b);
                    Verdict forwardVerdict = forward == null
                            ? null
                            : forward.verdict(first, second).orElse(null);
                    Verdict reversedVerdict = reversed == null
                            ? null
                            : reversed.verdict(first, second).orElse(null);
                    if (forwardVerdict != null && reversedVerdict != null) {
                        orderedPairs++;
                        if (forwardVerdict == reversedVerdict) {
                            consistentPairs++;
                        }
                    }
                    Verdict judge = combined(forwardVerdict, reversedVerdict);
                    Verdict majority = majority(humans, first, second);
                    if (judge != null && majority != null) {
                        confusion[judge.ordinal()][majority.ordinal()]++;
                    }
                }
            }
        }
        long kappaPairs = 0;
        for (long[] row : confusion) {
            for (long cell : row) {
                kappaPairs += cell;
            }
        }
        return new Result(
                counted,
                counts(judgeHuman),
                counts(humanHuman),
                counts(longer),
                CohensKappa.of(confusion),
                kappaPairs,
                bothOrders,
                consistentItems,
                orderedPairs,
                consistentPairs);
    }

    /** The judge's verdict from its two orders: theirs when equal, a tie when not, else the one read. */
    static Verdict combined(Verdict forward, Verdict reversed) {
        if (forward == null) {
            return reversed;
        }
        if (reversed == null) {
            return forward;
        }
        return forward == reversed ? forward : Verdict.TIE;
    }

    /** The verdict most people gave on the pair; a tie for the most is a tie; null when none placed both. */
    static Verdict majority(List<TierPositions> humans, String first, String second) {
        Map<Verdict, Integer> votes = new EnumMap<>(Verdict.class);
        for (TierPositions human : humans) {
            human.verdict(first, second).ifPresent(v -> votes.merge(v, 1, Integer::sum));
        }
        if (votes.isEmpty()) {
            return null;
        }
        int most = votes.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        List<Verdict> top = votes.entrySet().stream()
                .filter(e -> e.getValue() == most)
                .map(Map.Entry::getKey)
                .toList();
        return top.size() == 1 ? top.getFirst() : Verdict.TIE;
    }

    /** The "longer answer wins" ranking: longest first, equal lengths in one tier. */
    static List<List<String>> lengthTiers(List<String> candidates, Map<String, Integer> lengths) {
        TreeMap<Integer, List<String>> byLength = new TreeMap<>(Comparator.reverseOrder());
        for (String candidate : candidates) {
            Integer length = lengths.get(candidate);
            if (length != null) {
                byLength.computeIfAbsent(length, l -> new ArrayList<>()).add(candidate);
            }
        }
        return List.copyOf(byLength.values());
    }

    private static boolean sameTiers(List<List<String>> one, List<List<String>> other) {
        List<Set<String>> a = one.stream().map(HashSet::new).collect(Collectors.toList());
        List<Set<String>> b = other.stream().map(HashSet::new).collect(Collectors.toList());
        return a.equals(b);
    }

    /** Counts the verdicts of two rankings on every pair both place, as {@link PairwiseAgreement} does. */
    private static void compare(List<String> candidates, TierPositions one, TierPositions other, long[] counts) {
        for (int a = 0; a < candidates.size(); a++) {
            for (int b = a + 1; b < candidates.size(); b++) {
                Verdict v = one.verdict(candidates.get(a), candidates.get(b)).orElse(null);
                Verdict w = other.verdict(candidates.get(a), candidates.get(b)).orElse(null);
                if (v == null || w == null) {
                    continue;
                }
                counts[0]++;
                if (v == w) {
                    counts[1]++;
                }
                if (v != Verdict.TIE && w != Verdict.TIE) {
                    counts[2]++;
                    if (v == w) {
                        counts[3]++;
                    }
                }
            }
        }
    }

    private static PairwiseAgreement.Counts counts(long[] c) {
        return new PairwiseAgreement.Counts(c[0], c[1], c[2], c[3]);
    }
}
