package dev.feedloop.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The model leaderboard from rankings, as Chatbot Arena computes it. Every strictly ordered pair of
 * candidates in a ranking is a battle between the two candidates' models, won by the candidate in the
 * better tier; a pair in the same tier is a tie. "None acceptable" rankings, candidates without a
 * model and pairs of two candidates of the same model give no battles. Ratings are
 * {@link BradleyTerry} maximum likelihood ratings (mean 1000). Their 95 % intervals are bootstrap
 * percentile intervals: {@code resamples} times the rankings that gave battles are drawn with
 * replacement (as many as there are, from a fixed seed), the ratings refitted, and each model's
 * interval is the 2.5th to 97.5th percentile of its ratings ({@link Interval#percentile95}); a
 * resample that happens to miss a model gives that model no sample. A model's rank is 1 + the number
 * of models whose lower bound is above its upper bound.
 *
 * <p>Cost: O(n·k²) to collect the battles of n rankings of k candidates; rankings with the same
 * battles are then counted once, so each resample costs O(n) draws plus O(distinct battle sets) and
 * one fit. The resamples run in parallel (common fork-join pool); each has its own generator seeded
 * from {@code seed} and its number, so the result does not depend on the scheduling.
 */
public final class Leaderboard {

    public static final int DEFAULT_RESAMPLES = 1_000;
    public static final long DEFAULT_SEED = 20_240_611L;

    private Leaderboard() {}

    /**
     * One model's line.
     *
     * @param battles wins + ties + losses
     */
    public record ModelRating(
            String model, double rating, Interval ci95, int rank, long battles, long wins, long ties, long losses) {}

    /**
     * How the candidate shown at one position fared against the others in its rankings.
     *
     * @param position 1 = shown first
     * @param pairs candidate pairs with the candidate at this position, ranked (strictly or tied)
     * @param winRate (wins + ties / 2) / pairs; 0.5 everywhere means no position bias
     */
    public record PositionRate(int position, long pairs, long wins, long ties, long losses, double winRate) {}

    /**
     * The leaderboard.
     *
     * @param models the models with at least one battle, by rating, best first
     * @param winRates {@code winRates[i][j]}: the share of the decided (not tied) battles between
     *     models i and j (in the order of {@code models}) that i won, as in FastChat's pairwise win
     *     fraction; NaN when they have none, and on the diagonal
     * @param battles {@code battles[i][j]}: battles between models i and j, ties included
     * @param positionBias win rate by displayed position, over all ranked candidate pairs whose
     *     displayed positions are known, with or without models
     */
    public record Result(
            List<ModelRating> models, double[][] winRates, long[][] battles, List<PositionRate> positionBias) {}

    public static Result of(Collection<ArenaRanking> rankings) {
        return of(rankings, DEFAULT_RESAMPLES, DEFAULT_SEED);
    }

    public static Result of(Collection<ArenaRanking> rankings, int resamples, long seed) {
        TreeSet<String> names = new TreeSet<>();
        for (ArenaRanking ranking : rankings) {
            if (!ranking.noneAcceptable()) {
                names.addAll(ranking.models().values());
            }
        }
        List<String> modelNames = new ArrayList<>(names);
        Map<String, Integer> modelIndex = new HashMap<>();
        modelNames.forEach(name -> modelIndex.put(name, modelIndex.size()));
        int m = modelNames.size();

        // each distinct battle list once, with how many rankings gave it
        Map<BattleSet, Integer> distinct = new HashMap<>();
        List<BattleSet> sets = new ArrayList<>();
        int[] setOfRanking = new int[rankings.size()];
        int battleRankings = 0;
        long[] positions = new long[0];
        for (ArenaRanking ranking : rankings) {
            positions = countPositions(ranking, positions);
            BattleSet set = battles(ranking, modelIndex, m);
            if (set == null) {
                continue;
            }
            Integer id = distinct.putIfAbsent(set, sets.size());
            if (id == null) {
                id = sets.size();
                sets.add(set);
            }
            setOfRanking[battleRankings++] = id;
        }
        int[] multiplicity = new int[sets.size()];
        for (int r = 0; r < battleRankings; r++) {
            multiplicity[setOfRanking[r]]++;
        }
        // outcome counts per ordered pair: wins[i][j] i beat j, ties[i][j] (symmetric)
        long[][] wins = new long[m][m];
        long[][] ties = new long[m][m];
        double[][] weights = new double[m][m];
        accumulate(sets, multiplicity, wins, ties, weights);
        double[] ratings = BradleyTerry.ratings(weights);

        // resample b draws from its own generator (seed + b), so resamples run in parallel and the
        // intervals do not depend on how they were scheduled
        int drawnRankings = battleRankings;
        double[][] byResample = new double[resamples][];
        int[] kindOf = Arrays.copyOf(setOfRanking, drawnRankings);
        IntStream.range(0, drawnRankings > 0 ? resamples : 0).parallel().forEach(b -> {
            int[] drawn = Resampling.draw(new SplittableRandom(seed + b), kindOf, multiplicity);
            double[][] resampled = new double[m][m];
            accumulate(sets, drawn, null, null, resampled);
            byResample[b] = BradleyTerry.ratings(resampled, ratings);
        });
        double[][] samples = new double[m][resamples];
        int[] sampleCount = new int[m];
        for (double[] sample : byResample) {
            for (int i = 0; sample != null && i < m; i++) {
                if (!Double.isNaN(sample[i])) {
                    samples[i][sampleCount[i]++] = sample[i];
                }
            }
        }
        Interval[] intervals = new Interval[m];
        for (int i = 0; i < m; i++) {
            intervals[i] = Interval.percentile95(samples[i], sampleCount[i]);
        }
        // the models that battled (a model whose candidates only ever met its own has no rating),
        // best rating first
        Integer[] order = java.util.stream.IntStream.range(0, m)
                .filter(i -> !Double.isNaN(ratings[i]))
                .boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -ratings[i]).thenComparing(i -> i))
                .toArray(Integer[]::new);
        int shown = order.length;
        List<ModelRating> lines = new ArrayList<>(shown);
        for (int i : order) {
            int rank = 1;
            for (int j : order) {
                if (intervals[j].lower() > intervals[i].upper()) {
                    rank++;
                }
            }
            long won = 0;
            long tied = 0;
            long lost = 0;
            for (int j = 0; j < m; j++) {
                won += wins[i][j];
                tied += ties[i][j];
                lost += wins[j][i];
            }
            lines.add(new ModelRating(
                    modelNames.get(i), ratings[i], intervals[i], rank, won + tied + lost, won, tied, lost));
        }
        double[][] winRates = new double[shown][shown];
        long[][] battles = new long[shown][shown];
        for (int a = 0; a < shown; a++) {
            for (int b = 0; b < shown; b++) {
                int i = order[a];
                int j = order[b];
                long decided = wins[i][j] + wins[j][i];
                winRates[a][b] = i == j || decided == 0 ? Double.NaN : (double) wins[i][j] / decided;
                battles[a][b] = i == j ? 0 : decided + ties[i][j];
            }
        }
        return new Result(List.copyOf(lines), winRates, battles, positionRates(positions));
    }

    /**
     * A ranking's battles, sorted; null when it gives none. Encoded as (first · m + second) · 3 +
     * outcome with first &lt; second by model index and outcome 0 = first won, 1 = tie, 2 = second won.
     */
    private static BattleSet battles(ArenaRanking ranking, Map<String, Integer> modelIndex, int m) {
        if (ranking.noneAcceptable()) {
            return null;
        }
        List<List<String>> tiers = ranking.tiers();
        int size = tiers.stream().mapToInt(List::size).sum();
        int[] model = new int[size];
        int[] tier = new int[size];
        int n = 0;
        for (int t = 0; t < tiers.size(); t++) {
            for (String candidate : tiers.get(t)) {
                String name = ranking.models().get(candidate);
                model[n] = name == null ? -1 : modelIndex.get(name);
                tier[n++] = t;
            }
        }
        long[] codes = new long[n * (n - 1) / 2];
        int count = 0;
        for (int x = 0; x < n; x++) {
            for (int y = x + 1; y < n; y++) {
                if (model[x] < 0 || model[y] < 0 || model[x] == model[y]) {
                    continue;
                }
                boolean xFirst = model[x] < model[y];
                int first = xFirst ? model[x] : model[y];
                int second = xFirst ? model[y] : model[x];
                int outcome;
                if (tier[x] == tier[y]) {
                    outcome = 1;
                } else {
                    boolean xWins = tier[x] < tier[y];
                    outcome = xWins == xFirst ? 0 : 2;
                }
                codes[count++] = ((long) first * m + second) * 3 + outcome;
            }
        }
        if (count == 0) {
            return null;
        }
        long[] sorted = Arrays.copyOf(codes, count);
        Arrays.sort(sorted);
        return new BattleSet(sorted, m);
    }

    private static void accumulate(
            List<BattleSet> sets, int[] multiplicity, long[][] wins, long[][] ties, double[][] weights) {
        for (int s = 0; s < sets.size(); s++) {
            int times = multiplicity[s];
            if (times == 0) {
                continue;
            }
            BattleSet set = sets.get(s);
            for (long code : set.codes) {
                int outcome = (int) (code % 3);
                long pair = code / 3;
                int first = (int) (pair / set.models);
                int second = (int) (pair % set.models);
                switch (outcome) {
                    case 0 -> {
                        weights[first][second] += times;
                        if (wins != null) {
                            wins[first][second] += times;
                        }
                    }
                    case 2 -> {
                        weights[second][first] += times;
                        if (wins != null) {
                            wins[second][first] += times;
                        }
                    }
                    default -> {
                        weights[first][second] += times / 2.0;
                        weights[second][first] += times / 2.0;
                        if (ties != null) {
                            ties[first][second] += times;
                            ties[second][first] += times;
                        }
                    }
                }
            }
        }
    }

    /** Adds the ranking's pairs to per-position counts (pairs, wins, ties per position), growing them. */
    private static long[] countPositions(ArenaRanking ranking, long[] counts) {
        List<String> shown = ranking.displayedOrder();
        if (ranking.noneAcceptable() || shown.isEmpty()) {
            return counts;
        }
        TierPositions tiers = TierPositions.of(ranking.tiers());
        int n = shown.size();
        int[] tier = new int[n];
        for (int p = 0; p < n; p++) {
            tier[p] = tiers.position(shown.get(p)).orElse(0);
        }
        long[] grown = counts.length >= 3 * n ? counts : Arrays.copyOf(counts, 3 * n);
        for (int p = 0; p < n; p++) {
            if (tier[p] == 0) {
                continue;
            }
            for (int q = 0; q < n; q++) {
                if (q == p || tier[q] == 0) {
                    continue;
                }
                grown[3 * p]++;
                if (tier[p] < tier[q]) {
                    grown[3 * p + 1]++;
                } else if (tier[p] == tier[q]) {
                    grown[3 * p + 2]++;
                }
            }
        }
        return grown;
    }

    private static List<PositionRate> positionRates(long[] counts) {
        List<PositionRate> rates = new ArrayList<>();
        for (int p = 0; 3 * p < counts.length; p++) {
            long pairs = counts[3 * p];
            long wins = counts[3 * p + 1];
            long ties = counts[3 * p + 2];
            rates.add(new PositionRate(
                    p + 1,
                    pairs,
                    wins,
                    ties,
                    pairs - wins - ties,
                    pairs == 0 ? Double.NaN : (wins + ties / 2.0) / pairs));
        }
        return List.copyOf(rates);
    }

    /** One ranking's battles as sorted codes; equal lists are equal keys. */
    private record BattleSet(long[] codes, int models) {

        @Override
        public boolean equals(Object other) {
            return other instanceof BattleSet set && Arrays.equals(codes, set.codes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(codes);
        }

        @Override
        public String toString() {
            return Arrays.toString(codes);
        }
    }
}
