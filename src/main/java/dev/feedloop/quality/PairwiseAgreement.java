package dev.feedloop.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongUnaryOperator;
import java.util.stream.IntStream;

/**
 * Pairwise agreement of rankings. For every item, every two annotators who ranked it, and every two
 * candidates both of them placed, their verdicts (first better / tie / second better) are compared.
 * <em>With ties</em> is the share of such comparisons with equal verdicts; <em>without ties</em>
 * leaves out the comparisons where either annotator tied the pair. Shares are pooled (agreements
 * over comparisons), per project, per annotator (every comparison the annotator took part in, against
 * everyone else) and per item. "None acceptable" rankings give no verdicts.
 *
 * <p>The 95 % intervals are bootstrap percentile intervals: {@code resamples} times, the items that
 * have at least one comparison are drawn with replacement (as many as there are), the pooled share is
 * computed on the drawn items, and the interval is the 2.5th to 97.5th percentile of those shares
 * ({@link Interval#percentile95}). Every resample has its own generator, seeded from the fixed
 * {@code seed} and the resample's number, so the same judgments give the same intervals however the
 * resamples are scheduled (they run in parallel on the common fork-join pool). An annotator's interval
 * resamples the items that annotator's comparisons came from. An item has no interval: resampling
 * items says nothing about one item.
 *
 * <p>Cost: O(Σ items · m² · k²) for m annotators and k candidates per item, plus O(resamples · items)
 * for the intervals (the project's, and each annotator's over their own items); counts are kept in
 * primitive arrays.
 */
public final class PairwiseAgreement {

    public static final int DEFAULT_RESAMPLES = 1_000;
    public static final long DEFAULT_SEED = 20_240_611L;

    private static final int COMPARISONS = 0;
    private static final int AGREEMENTS = 1;
    private static final int STRICT_COMPARISONS = 2;
    private static final int STRICT_AGREEMENTS = 3;

    private PairwiseAgreement() {}

    /**
     * Counts of compared verdicts.
     *
     * @param comparisons verdict pairs compared (ties included)
     * @param agreements of those, the equal ones
     * @param strictComparisons verdict pairs where neither annotator tied the pair
     * @param strictAgreements of those, the equal ones
     */
    public record Counts(long comparisons, long agreements, long strictComparisons, long strictAgreements) {

        public static final Counts NONE = new Counts(0, 0, 0, 0);

        /** Agreement with ties: agreements / comparisons; NaN without comparisons. */
        public double withTies() {
            return comparisons == 0 ? Double.NaN : (double) agreements / comparisons;
        }

        /** Agreement without ties: strict agreements / strict comparisons; NaN without any. */
        public double withoutTies() {
            return strictComparisons == 0 ? Double.NaN : (double) strictAgreements / strictComparisons;
        }

        private static Counts of(long[] c, int offset) {
            return new Counts(
                    c[offset + COMPARISONS],
                    c[offset + AGREEMENTS],
                    c[offset + STRICT_COMPARISONS],
                    c[offset + STRICT_AGREEMENTS]);
        }
    }

    /** Pooled counts with their bootstrap 95 % intervals. */
    public record Measure(Counts counts, Interval withTiesCi95, Interval withoutTiesCi95) {

        public double withTies() {
            return counts.withTies();
        }

        public double withoutTies() {
            return counts.withoutTies();
        }
    }

    /**
     * @param project all comparisons
     * @param annotators per annotator id, the comparisons the annotator took part in (annotators
     *     with at least one)
     * @param items per item id, the item's comparisons (items with a judgment but nothing to compare
     *     have zero counts)
     */
    public record Report(
            Measure project, Map<Long, Measure> annotators, Map<Long, Counts> items, Map<Long, Counts> periods) {

        public Report(Measure project, Map<Long, Measure> annotators, Map<Long, Counts> items) {
            this(project, annotators, items, Map.of());
        }
    }

    public static Report of(Collection<Judgment> judgments) {
        return of(judgments, DEFAULT_RESAMPLES, DEFAULT_SEED);
    }

    public static Report of(Collection<Judgment> judgments, int resamples, long seed) {
        return of(judgments, resamples, seed, null);
    }

    /**
     * @param judgments at most one per annotator and item
     * @param period when not null, the comparisons are also counted per period: a comparison of two
     *     rankings belongs to the period this function gives for the later one's {@link
     *     Judgment#submittedAt()} ({@link Report#periods}, by period, in order)
     * @throws IllegalArgumentException when an annotator ranked an item twice or a ranking places a
     *     candidate twice
     */
    public static Report of(Collection<Judgment> judgments, int resamples, long seed, LongUnaryOperator period) {
        return of(judgments, resamples, seed, period, null);
    }

    /** Sees each item's tier positions once, as the agreement counts them. */
    interface ItemPositions {

        /**
         * @param position {@code position[ranking][candidate]}: the tier position (1 = best) in the
         *     item's r-th ranking of its c-th candidate, 0 when not placed ("none acceptable" places
         *     none)
         */
        void item(long itemId, int[][] position, int candidates);
    }

    /** The same, showing each item's tier positions to {@code visitor} (when not null) on the way. */
    static Report of(
            Collection<Judgment> judgments, int resamples, long seed, LongUnaryOperator period, ItemPositions visitor) {
        // by item (ascending id), in the order given within an item
        Judgment[] sorted = judgments.toArray(Judgment[]::new);
        Arrays.sort(sorted, Comparator.comparingLong(Judgment::itemId));
        Map<Long, Counts> items = new LinkedHashMap<>();
        // item counts of the items with comparisons, four longs per item
        long[] itemCounts = new long[4 * sorted.length];
        int comparedItems = 0;
        Map<Long, AnnotatorCounts> annotators = new TreeMap<>();
        Map<Long, long[]> periods = period == null ? null : new TreeMap<>();
        long[] project = new long[4];
        for (int start = 0, end; start < sorted.length; start = end) {
            long itemId = sorted[start].itemId();
            end = start + 1;
            while (end < sorted.length && sorted[end].itemId() == itemId) {
                end++;
            }
            List<Judgment> ranked = Arrays.asList(sorted).subList(start, end);
            long[] item = new long[4];
            compareItem(itemId, ranked, item, annotators, period, periods, visitor);
            items.put(itemId, Counts.of(item, 0));
            if (item[COMPARISONS] > 0) {
                System.arraycopy(item, 0, itemCounts, 4 * comparedItems, 4);
                comparedItems++;
                for (int i = 0; i < 4; i++) {
                    project[i] += item[i];
                }
            }
        }
        Measure projectMeasure = measure(Counts.of(project, 0), itemCounts, comparedItems, resamples, seed);
        Map<Long, Measure> annotatorMeasures = new LinkedHashMap<>();
        annotators.forEach((id, counts) -> annotatorMeasures.put(
                id,
                measure(counts.total(), counts.perItem, counts.items, resamples, seed ^ (id * 0x9E3779B97F4A7C15L))));
        Map<Long, Counts> byPeriod = new LinkedHashMap<>();
        if (periods != null) {
            periods.forEach((key, counts) -> byPeriod.put(key, Counts.of(counts, 0)));
        }
        return new Report(projectMeasure, annotatorMeasures, items, byPeriod);
    }

    /**
     * One item's counts from its rankings (at most one per annotator), without intervals: what
     * deciding whether the item needs more rankings takes.
     */
    public static Counts ofItem(long itemId, List<Judgment> judgments) {
        long[] item = new long[4];
        compareItem(itemId, judgments, item, new TreeMap<>(), null, null, null);
        return Counts.of(item, 0);
    }

    /** Counts one item's comparisons into {@code item} and into its annotators' accumulators. */
    private static void compareItem(
            long itemId,
            List<Judgment> judgments,
            long[] item,
            Map<Long, AnnotatorCounts> annotators,
            LongUnaryOperator period,
            Map<Long, long[]> periods,
            ItemPositions visitor) {
        int m = judgments.size();
        Map<String, Integer> candidates = new HashMap<>();
        int[][] positions = new int[m][];
        List<int[]> placed = new ArrayList<>(m);
        for (int r = 0; r < m; r++) {
            Judgment judgment = judgments.get(r);
            for (int s = 0; s < r; s++) {
                if (judgments.get(s).annotatorId() == judgment.annotatorId()) {
                    throw new IllegalArgumentException("annotator " + judgment.annotatorId() + " ranked item " + itemId
                            + " twice; pass one ranking per annotator and item");
                }
            }
            List<List<String>> tiers = judgment.countedTiers();
            int size = tiers.stream().mapToInt(List::size).sum();
            int[] candidateIds = new int[size];
            int[] tierOf = new int[size];
            int n = 0;
            for (int t = 0; t < tiers.size(); t++) {
                for (String candidate : tiers.get(t)) {
                    Integer id = candidates.putIfAbsent(candidate, candidates.size());
                    candidateIds[n] = id == null ? candidates.size() - 1 : id;
                    tierOf[n++] = t + 1;
                }
            }
            placed.add(candidateIds);
            positions[r] = tierOf;
        }
        int k = candidates.size();
        // position[r][c]: ranking r's tier position of candidate c, 0 when not placed
        int[][] position = new int[m][k];
        for (int r = 0; r < m; r++) {
            int[] ids = placed.get(r);
            for (int i = 0; i < ids.length; i++) {
                if (position[r][ids[i]] != 0) {
                    throw new IllegalArgumentException("a ranking of item " + itemId + " places a candidate twice");
                }
                position[r][ids[i]] = positions[r][i];
            }
        }
        if (visitor != null) {
            visitor.item(itemId, position, k);
        }
        long[][] perAnnotator = new long[m][4];
        for (int r = 0; r < m; r++) {
            int[] pr = position[r];
            for (int s = r + 1; s < m; s++) {
                int[] ps = position[s];
                long comparisons = 0;
                long agreements = 0;
                long strict = 0;
                long strictAgreements = 0;
                for (int a = 0; a < k; a++) {
                    if (pr[a] == 0 || ps[a] == 0) {
                        continue;
                    }
                    for (int b = a + 1; b < k; b++) {
                        if (pr[b] == 0 || ps[b] == 0) {
                            continue;
                        }
                        int vr = Integer.signum(pr[b] - pr[a]);
                        int vs = Integer.signum(ps[b] - ps[a]);
                        comparisons++;
                        if (vr == vs) {
                            agreements++;
                        }
                        if (vr != 0 && vs != 0) {
                            strict++;
                            if (vr == vs) {
                                strictAgreements++;
                            }
                        }
                    }
                }
                long[] counts = {comparisons, agreements, strict, strictAgreements};
                long[] inPeriod = periods == null || comparisons == 0
                        ? null
                        : periods.computeIfAbsent(
                                period.applyAsLong(Math.max(
                                        judgments.get(r).submittedAt(),
                                        judgments.get(s).submittedAt())),
                                key -> new long[4]);
                for (int i = 0; i < 4; i++) {
                    item[i] += counts[i];
                    perAnnotator[r][i] += counts[i];
                    perAnnotator[s][i] += counts[i];
                    if (inPeriod != null) {
                        inPeriod[i] += counts[i];
                    }
                }
            }
        }
        for (int r = 0; r < m; r++) {
            if (perAnnotator[r][COMPARISONS] > 0) {
                annotators
                        .computeIfAbsent(judgments.get(r).annotatorId(), id -> new AnnotatorCounts())
                        .add(perAnnotator[r]);
            }
        }
    }

    /**
     * The counts with their percentile intervals. Resample b draws from its own generator, seeded from
     * {@code seed} and b, so the resamples can run in parallel and still give the same interval. Items
     * with the same four counts are one kind: a resample draws how often each kind is drawn ({@link
     * Resampling#draw}) and reads a small table instead of the counts of every item it drew.
     */
    private static Measure measure(Counts total, long[] perItem, int items, int resamples, long seed) {
        if (items == 0 || resamples <= 0) {
            return new Measure(total, Interval.UNKNOWN, Interval.UNKNOWN);
        }
        int[] kindOf = new int[items];
        Map<List<Long>, Integer> kinds = new HashMap<>();
        List<long[]> kindCounts = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            long[] counts = Arrays.copyOfRange(perItem, 4 * i, 4 * i + 4);
            Integer kind = kinds.putIfAbsent(List.of(counts[0], counts[1], counts[2], counts[3]), kinds.size());
            if (kind == null) {
                kind = kindCounts.size();
                kindCounts.add(counts);
            }
            kindOf[i] = kind;
        }
        int kindsSeen = kindCounts.size();
        int[] sizes = new int[kindsSeen];
        for (int kind : kindOf) {
            sizes[kind]++;
        }
        double[] withTies = new double[resamples];
        double[] withoutTies = new double[resamples];
        IntStream.range(0, resamples).parallel().forEach(b -> {
            int[] drawn = Resampling.draw(new SplittableRandom(seed + b), kindOf, sizes);
            long comparisons = 0;
            long agreements = 0;
            long strict = 0;
            long strictAgreements = 0;
            for (int kind = 0; kind < kindsSeen; kind++) {
                long times = drawn[kind];
                long[] counts = kindCounts.get(kind);
                comparisons += times * counts[COMPARISONS];
                agreements += times * counts[AGREEMENTS];
                strict += times * counts[STRICT_COMPARISONS];
                strictAgreements += times * counts[STRICT_AGREEMENTS];
            }
            withTies[b] = comparisons == 0 ? Double.NaN : (double) agreements / comparisons;
            withoutTies[b] = strict == 0 ? Double.NaN : (double) strictAgreements / strict;
        });
        return new Measure(
                total, Interval.percentile95(withTies, resamples), Interval.percentile95(withoutTies, resamples));
    }

    /** One annotator's counts per item they were compared on, four longs per item. */
    private static final class AnnotatorCounts {
        long[] perItem = new long[16];
        int items;

        void add(long[] counts) {
            if (4 * items == perItem.length) {
                perItem = Arrays.copyOf(perItem, perItem.length * 2);
            }
            System.arraycopy(counts, 0, perItem, 4 * items, 4);
            items++;
        }

        Counts total() {
            long[] sum = new long[4];
            for (int i = 0; i < items; i++) {
                for (int c = 0; c < 4; c++) {
                    sum[c] += perItem[4 * i + c];
                }
            }
            return Counts.of(sum, 0);
        }
    }
}
