package dev.feedloop.quality;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Kendall's rank statistics: the coefficient of concordance W among several rankings of the same
 * objects, and τ-b between two rankings. Both handle ties.
 */
public final class Kendall {

    private Kendall() {}

    /**
     * Kendall's W with the tie correction (Kendall and Babington Smith 1939; Siegel and Castellan 1988,
     * §9.4). Each of the m judges' scores are turned into ranks 1..n (tied scores share their average
     * rank); with R<sub>j</sub> the rank sum of object j,
     * {@code W = (12·Σ R_j² − 3·m²·n·(n+1)²) / (m²·n·(n²−1) − m·Σ T)}, where T sums t³ − t over every
     * group of t tied scores within each judge.
     *
     * @param scores {@code scores[judge][object]}, lower is better (tier positions, ranks)
     * @return W in [0, 1]; NaN with fewer than two judges or objects, or when every judge tied every
     *     object
     */
    public static double w(double[][] scores) {
        int m = scores.length;
        if (m < 2) {
            return Double.NaN;
        }
        int n = scores[0].length;
        if (n < 2) {
            return Double.NaN;
        }
        double[] rankSums = new double[n];
        double ties = 0;
        double[] ranks = new double[n];
        for (double[] judge : scores) {
            if (judge.length != n) {
                throw new IllegalArgumentException("every judge must score all " + n + " objects");
            }
            ties += midranks(judge, ranks);
            for (int j = 0; j < n; j++) {
                rankSums[j] += ranks[j];
            }
        }
        double sumOfSquares = 0;
        for (double r : rankSums) {
            sumOfSquares += r * r;
        }
        double numerator = 12 * sumOfSquares - 3.0 * m * m * n * (n + 1.0) * (n + 1.0);
        double denominator = (double) m * m * n * ((double) n * n - 1) - m * ties;
        return denominator == 0 ? Double.NaN : numerator / denominator;
    }

    /**
     * Kendall's W of every item's rankings: the judges are the item's rankings that are not "none
     * acceptable", the objects the candidates all of them placed, a candidate's score its tier position.
     * Items with fewer than two such rankings or candidates map to NaN.
     */
    public static Map<Long, Double> wPerItem(Collection<Judgment> judgments) {
        Map<Long, List<Judgment>> byItem = new TreeMap<>();
        for (Judgment judgment : judgments) {
            byItem.computeIfAbsent(judgment.itemId(), id -> new ArrayList<>()).add(judgment);
        }
        Map<Long, Double> result = new TreeMap<>();
        byItem.forEach((item, ranked) -> {
            List<TierPositions> rankings = ranked.stream()
                    .filter(j -> !j.noneAcceptable() && !j.tiers().isEmpty())
                    .map(j -> TierPositions.of(j.tiers()))
                    .toList();
            if (rankings.size() < 2) {
                result.put(item, Double.NaN);
                return;
            }
            List<String> common = new ArrayList<>();
            ranked.stream()
                    .filter(j -> !j.noneAcceptable() && !j.tiers().isEmpty())
                    .findFirst()
                    .orElseThrow()
                    .tiers()
                    .forEach(tier -> tier.stream()
                            .filter(c -> rankings.stream()
                                    .allMatch(r -> r.position(c).isPresent()))
                            .forEach(common::add));
            double[][] scores = new double[rankings.size()][common.size()];
            for (int r = 0; r < rankings.size(); r++) {
                for (int c = 0; c < common.size(); c++) {
                    scores[r][c] = rankings.get(r).position(common.get(c)).orElseThrow();
                }
            }
            result.put(item, w(scores));
        });
        return result;
    }

    /**
     * Kendall's W of one item from its tier positions ({@code position[ranking][candidate]}, 0 when
     * not placed), as {@link #wPerItem} defines it: the judges are the rankings that place any
     * candidate, the objects the candidates every one of them placed.
     */
    static double wOfPositions(int[][] position, int candidates) {
        int judges = 0;
        for (int[] ranking : position) {
            for (int c = 0; c < candidates; c++) {
                if (ranking[c] != 0) {
                    judges++;
                    break;
                }
            }
        }
        if (judges < 2) {
            return Double.NaN;
        }
        int[] common = new int[candidates];
        int objects = 0;
        for (int c = 0; c < candidates; c++) {
            boolean everywhere = true;
            boolean anywhere = false;
            for (int[] ranking : position) {
                if (ranking[c] != 0) {
                    anywhere = true;
                } else if (placesAny(ranking, candidates)) {
                    everywhere = false;
                }
            }
            if (everywhere && anywhere) {
                common[objects++] = c;
            }
        }
        double[][] scores = new double[judges][objects];
        int judge = 0;
        for (int[] ranking : position) {
            if (placesAny(ranking, candidates)) {
                for (int o = 0; o < objects; o++) {
                    scores[judge][o] = ranking[common[o]];
                }
                judge++;
            }
        }
        return w(scores);
    }

    private static boolean placesAny(int[] ranking, int candidates) {
        for (int c = 0; c < candidates; c++) {
            if (ranking[c] != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Kendall's τ-b of two paired samples: (n<sub>c</sub> − n<sub>d</sub>) / sqrt((n<sub>0</sub> −
     * n<sub>1</sub>)·(n<sub>0</sub> − n<sub>2</sub>)) over all n<sub>0</sub> pairs of observations, with
     * n<sub>c</sub> concordant and n<sub>d</sub> discordant pairs, n<sub>1</sub> pairs tied in x and
     * n<sub>2</sub> tied in y (a pair tied in both counts in both). The same as
     * {@code scipy.stats.kendalltau}'s default. O(n²), meant for the few candidates of an item.
     *
     * @return NaN when either sample is constant
     */
    public static double tauB(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y must have the same length");
        }
        long[] counts = new long[5];
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                count(Double.compare(x[i], x[j]), Double.compare(y[i], y[j]), counts);
            }
        }
        return tauB(counts);
    }

    /**
     * τ-b between two annotators over all items both ranked: the observations are the pairs of
     * candidates of one item that both placed, x and y their two verdicts. "None acceptable" rankings
     * are left out.
     */
    public static double tauB(Collection<Judgment> judgments, long firstAnnotator, long secondAnnotator) {
        Map<Long, TierPositions> first = new HashMap<>();
        Map<Long, Judgment> second = new HashMap<>();
        for (Judgment judgment : judgments) {
            if (judgment.noneAcceptable()) {
                continue;
            }
            if (judgment.annotatorId() == firstAnnotator) {
                first.put(judgment.itemId(), TierPositions.of(judgment.tiers()));
            } else if (judgment.annotatorId() == secondAnnotator) {
                second.put(judgment.itemId(), judgment);
            }
        }
        long[] counts = new long[5];
        second.forEach((item, judgment) -> {
            TierPositions x = first.get(item);
            if (x == null) {
                return;
            }
            TierPositions y = TierPositions.of(judgment.tiers());
            List<String> shared = new ArrayList<>();
            for (List<String> tier : judgment.tiers()) {
                for (String candidate : tier) {
                    if (x.position(candidate).isPresent()) {
                        shared.add(candidate);
                    }
                }
            }
            int[] px =
                    shared.stream().mapToInt(c -> x.position(c).orElseThrow()).toArray();
            int[] py =
                    shared.stream().mapToInt(c -> y.position(c).orElseThrow()).toArray();
            for (int i = 0; i < px.length; i++) {
                for (int j = i + 1; j < px.length; j++) {
                    count(Integer.compare(px[i], px[j]), Integer.compare(py[i], py[j]), counts);
                }
            }
        });
        return tauB(counts);
    }

    // counts: pairs, concordant, discordant, tied in x, tied in y
    private static void count(int dx, int dy, long[] counts) {
        counts[0]++;
        if (dx == 0) {
            counts[3]++;
        }
        if (dy == 0) {
            counts[4]++;
        }
        if (dx != 0 && dy != 0) {
            counts[dx == dy ? 1 : 2]++;
        }
    }

    private static double tauB(long[] counts) {
        double denominator = Math.sqrt((double) (counts[0] - counts[3]) * (counts[0] - counts[4]));
        return denominator == 0 ? Double.NaN : (counts[1] - counts[2]) / denominator;
    }

    /** Fills {@code ranks} with the average ranks of {@code scores}; returns Σ (t³ − t) over tie groups. */
    static double midranks(double[] scores, double[] ranks) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double ties = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int g = i; g <= j; g++) {
                ranks[order[g]] = rank;
            }
            double t = j - i + 1;
            ties += t * t * t - t;
            i = j + 1;
        }
        return ties;
    }
}
