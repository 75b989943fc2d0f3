package dev.feedloop.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
 *
 * <p>The judge's measures (agreement with and without ties, κ, both position consistencies) have
 * bootstrap 95 % intervals from resampling the items both judged ({@link Intervals}).
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
     * @param intervals the bootstrap 95 % intervals of the judge's measures
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
            long consistentPairs,
            Intervals intervals) {

        /** Share of items judged the same in both orders; NaN without any. */
        public double itemConsistency() {
            return bothOrders == 0 ? Double.NaN : (double) consistentItems / bothOrders;
        }

        /** Share of pairs with the same verdict in both orders; NaN without any. */
        public double pairConsistency() {
            return orderedPairs == 0 ? Double.NaN : (double) consistentPairs / orderedPairs;
        }
    }

    /**
     * Bootstrap percentile intervals at 95 % of a judge's measures, from resampling the items both
     * judged (as {@link PairwiseAgreement} resamples items): each is {@link Interval#UNKNOWN} when the
     * measure has no value on any resample.
     */
    public record Intervals(
            Interval judgeHumanWithTies,
            Interval judgeHumanWithoutTies,
            Interval kappa,
            Interval itemConsistency,
            Interval pairConsistency) {

        static final Intervals UNKNOWN =
                new Intervals(Interval.UNKNOWN, Interval.UNKNOWN, Interval.UNKNOWN, Interval.UNKNOWN, Interval.UNKNOWN);
    }

    // one item's counts, as longs at these offsets: three pairwise counts of four, the 3 × 3
    // confusion of combined and majority verdicts, and the position consistency counts
    private static final int JUDGE_HUMAN = 0;
    private static final int HUMAN_HUMAN = 4;
    private static final int LONGER = 8;
    private static final int CONFUSION = 12;
    private static final int BOTH_ORDERS = 21;
    private static final int CONSISTENT_ITEMS = 22;
    private static final int ORDERED_PAIRS = 23;
    private static final int CONSISTENT_PAIRS = 24;
    private static final int STATS = 25;

    /** The measures with intervals from {@link PairwiseAgreement#DEFAULT_RESAMPLES} resamples. */
    public static Result of(List<Item> items) {
        return of(items, PairwiseAgreement.DEFAULT_RESAMPLES, PairwiseAgreement.DEFAULT_SEED);
    }

    /**
     * @param resamples bootstrap resamples for the intervals (0: no intervals)
     * @param seed resample b draws from a generator seeded with {@code seed + b}, so the same items
     *     always give the same intervals
     */
    public static Result of(List<Item> items, int resamples, long seed) {
        List<long[]> perItem = new ArrayList<>();
        for (Item item :
                items.stream().sorted(Comparator.comparingLong(Item::itemId)).toList()) {
            long[] stats = count(item);
            if (stats != null) {
                perItem.add(stats);
            }
        }
        long[] total = new long[STATS];
        for (long[] stats : perItem) {
            for (int i = 0; i < STATS; i++) {
                total[i] += stats[i];
            }
        }
        long[][] confusion = confusion(total);
        long kappaPairs = 0;
        for (long[] row : confusion) {
            for (long cell : row) {
                kappaPairs += cell;
            }
        }
        return new Result(
                perItem.size(),
                counts(total, JUDGE_HUMAN),
                counts(total, HUMAN_HUMAN),
                counts(total, LONGER),
                CohensKappa.of(confusion),
                kappaPairs,
                (int) total[BOTH_ORDERS],
                (int) total[CONSISTENT_ITEMS],
                total[ORDERED_PAIRS],
                total[CONSISTENT_PAIRS],
                intervals(perItem, resamples, seed));
    }

    /**
     * The percentile intervals: {@code resamples} times, the items are drawn with replacement (as
     * many as there are), each measure is computed on the drawn items' summed counts, and the
     * interval is the 2.5th to 97.5th percentile of those values ({@link Interval#percentile95}, which
     * leaves out resamples where the measure has no value). Items with equal counts are one kind, as
     * in {@link PairwiseAgreement}, so a resample only draws how often each kind was drawn.
     */
    private static Intervals intervals(List<long[]> perItem, int resamples, long seed) {
        int items = perItem.size();
        if (items == 0 || resamples <= 0) {
            return Intervals.UNKNOWN;
        }
        int[] kindOf = new int[items];
        Map<List<Long>, Integer> kinds = new HashMap<>();
        List<long[]> kindStats = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            long[] stats = perItem.get(i);
            Integer kind = kinds.putIfAbsent(Arrays.stream(stats).boxed().toList(), kinds.size());
            if (kind == null) {
                kind = kindStats.size();
                kindStats.add(stats);
            }
            kindOf[i] = kind;
        }
        int[] sizes = new int[kindStats.size()];
        for (int kind : kindOf) {
            sizes[kind]++;
        }
        double[][] values = new double[5][resamples];
        IntStream.range(0, resamples).parallel().forEach(b -> {
            int[] drawn = Resampling.draw(new SplittableRandom(seed + b), kindOf, sizes);
            long[] sum = new long[STATS];
            for (int kind = 0; kind < drawn.length; kind++) {
                long times = drawn[kind];
                long[] stats = kindStats.get(kind);
                for (int i = 0; i < STATS; i++) {
                    sum[i] += times * stats[i];
                }
            }
            PairwiseAgreement.Counts judgeHuman = counts(sum, JUDGE_HUMAN);
            values[0][b] = judgeHuman.withTies();
            values[1][b] = judgeHuman.withoutTies();
            values[2][b] = CohensKappa.of(confusion(sum));
            values[3][b] = sum[BOTH_ORDERS] == 0 ? Double.NaN : (double) sum[CONSISTENT_ITEMS] / sum[BOTH_ORDERS];
            values[4][b] = sum[ORDERED_PAIRS] == 0 ? Double.NaN : (double) sum[CONSISTENT_PAIRS] / sum[ORDERED_PAIRS];
        });
        return new Intervals(
                Interval.percentile95(values[0], resamples),
                Interval.percentile95(values[1], resamples),
                Interval.percentile95(values[2], resamples),
                Interval.percentile95(values[3], resamples),
                Interval.percentile95(values[4], resamples));
    }

    /** One item's counts at the offsets above; null when the item was not judged by both. */
    private static long[] count(Item item) {
        List<TierPositions> humans = item.humans().stream()
                .filter(h -> !h.noneAcceptable() && !h.tiers().isEmpty())
                .map(h -> TierPositions.of(h.tiers()))
                .toList();
        if (humans.isEmpty() || (item.forward() == null && item.reversed() == null)) {
            return null;
        }
        long[] stats = new long[STATS];
        TierPositions forward = item.forward() == null ? null : TierPositions.of(item.forward());
        TierPositions reversed = item.reversed() == null ? null : TierPositions.of(item.reversed());
        TierPositions byLength = TierPositions.of(lengthTiers(item.candidates(), item.lengths()));
        for (TierPositions human : humans) {
            if (forward != null) {
                compare(item.candidates(), forward, human, stats, JUDGE_HUMAN);
            }
            if (reversed != null) {
                compare(item.candidates(), reversed, human, stats, JUDGE_HUMAN);
            }
            compare(item.candidates(), byLength, human, stats, LONGER);
        }
        for (int r = 0; r < humans.size(); r++) {
            for (int s = r + 1; s < humans.size(); s++) {
                compare(item.candidates(), humans.get(r), humans.get(s), stats, HUMAN_HUMAN);
            }
        }
        if (forward != null && reversed != null) {
            stats[BOTH_ORDERS] = 1;
            if (sameTiers(item.forward(), item.reversed())) {
                stats[CONSISTENT_ITEMS] = 1;
            }
        }
        List<String> candidates = item.candidates();
        for (int a = 0; a < candidates.size(); a++) {
            for (int b = a + 1; b < candidates.size(); b++) {
                String first = candidates.get(a);
                String second = candidates.get(b);
                Verdict forwardVerdict =
                        forward == null ? null : forward.verdict(first, second).orElse(null);
                Verdict reversedVerdict = reversed == null
                        ? null
                        : reversed.verdict(first, second).orElse(null);
                if (forwardVerdict != null && reversedVerdict != null) {
                    stats[ORDERED_PAIRS]++;
                    if (forwardVerdict == reversedVerdict) {
                        stats[CONSISTENT_PAIRS]++;
                    }
                }
                Verdict judge = combined(forwardVerdict, reversedVerdict);
                Verdict majority = majority(humans, first, second);
                if (judge != null && majority != null) {
                    stats[CONFUSION + 3 * judge.ordinal() + majority.ordinal()]++;
                }
            }
        }
        return stats;
    }

    private static long[][] confusion(long[] stats) {
        long[][] confusion = new long[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                confusion[i][j] = stats[CONFUSION + 3 * i + j];
            }
        }
        return confusion;
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
    private static void compare(
            List<String> candidates, TierPositions one, TierPositions other, long[] stats, int offset) {
        for (int a = 0; a < candidates.size(); a++) {
            for (int b = a + 1; b < candidates.size(); b++) {
                Verdict v = one.verdict(candidates.get(a), candidates.get(b)).orElse(null);
                Verdict w = other.verdict(candidates.get(a), candidates.get(b)).orElse(null);
                if (v == null || w == null) {
                    continue;
                }
                stats[offset]++;
                if (v == w) {
                    stats[offset + 1]++;
                }
                if (v != Verdict.TIE && w != Verdict.TIE) {
                    stats[offset + 2]++;
                    if (v == w) {
                        stats[offset + 3]++;
                    }
                }
            }
        }
    }

    private static PairwiseAgreement.Counts counts(long[] stats, int offset) {
        return new PairwiseAgreement.Counts(stats[offset], stats[offset + 1], stats[offset + 2], stats[offset + 3]);
    }
}
