package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every measure over many rankings at once: 4 candidates of 10 models, 3 annotators per item, a
 * quarter of the rankings with a tie. 30,000 rankings by default; {@code -Dquality.rankings=300000}
 * (passed through surefire's argLine) runs the size the quality page is meant for and prints the
 * times. No time is asserted: the check is that the computation holds up and stays sane.
 */
class ScaleCheckTest {

    /** Wall-clock and process CPU time in nanoseconds. */
    private static long[] clocks() {
        var os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return new long[] {System.nanoTime(), os.getProcessCpuTime()};
    }

    private static String elapsed(long[] from, long[] to) {
        return (to[0] - from[0]) / 1_000_000 + "/" + (to[1] - from[1]) / 1_000_000;
    }

    @Test
    void everyMeasureHoldsUpOverManyRankings() {
        int n = Integer.getInteger("quality.rankings", 30_000);
        Random random = new Random(1);
        List<String> candidates = List.of("a", "b", "c", "d");
        List<Judgment> judgments = new ArrayList<>(n);
        List<ArenaRanking> arena = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            long item = r / 3;
            List<String> order = new ArrayList<>(candidates);
            Collections.shuffle(order, random);
            List<List<String>> tiers = random.nextInt(4) == 0
                    ? List.of(List.of(order.get(0)), List.of(order.get(1), order.get(2)), List.of(order.get(3)))
                    : order.stream().map(List::of).toList();
            judgments.add(Judgment.ranked(item, r % 3 + 3 * (item % 50), tiers));
            int base = (int) (item % 10);
            Map<String, String> models = Map.of(
                    "a", "model-" + base,
                    "b", "model-" + (base + 1) % 10,
                    "c", "model-" + (base + 3) % 10,
                    "d", "model-" + (base + 7) % 10);
            arena.add(new ArenaRanking(tiers, false, models, candidates));
        }

        long[] start = clocks();
        PairwiseAgreement.Report agreement = PairwiseAgreement.of(judgments);
        long[] agreed = clocks();
        double alpha = KrippendorffAlpha.ofRankings(judgments);
        long[] alphaDone = clocks();
        Leaderboard.Result leaderboard = Leaderboard.of(arena);
        long[] done = clocks();
        System.out.printf(
                "%d rankings, wall/cpu ms: agreement %s, alpha %s, leaderboard %s%n",
                n, elapsed(start, agreed), elapsed(agreed, alphaDone), elapsed(alphaDone, done));

        // random rankings: under half the verdicts equal with ties, half without, and no reliability
        assertThat(agreement.project().withTies()).isBetween(0.4, 0.52);
        assertThat(agreement.project().withoutTies()).isBetween(0.45, 0.55);
        assertThat(agreement.annotators()).hasSize(150);
        assertThat(alpha).isBetween(-0.05, 0.05);
        assertThat(leaderboard.models()).hasSize(10);
        assertThat(leaderboard.models()).allSatisfy(m -> assertThat(m.rating()).isBetween(950.0, 1050.0));
    }
}
