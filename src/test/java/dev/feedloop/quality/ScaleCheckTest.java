package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ScaleCheckTest {

    @Test
    void scale() {
        int n = Integer.getInteger("scale.rankings", 300_000);
        SplittableRandom random = new SplittableRandom(1);
        String[] models = new String[10];
        for (int i = 0; i < 10; i++) {
            models[i] = "model-" + i;
        }
        List<Judgment> judgments = new ArrayList<>(n);
        List<ArenaRanking> arena = new ArrayList<>(n);
        List<String> ids = List.of("a", "b", "c", "d");
        for (int r = 0; r < n; r++) {
            long item = r / 3;
            List<String> shuffled = new ArrayList<>(ids);
            java.util.Collections.shuffle(shuffled, new java.util.Random(random.nextLong()));
            List<List<String>> tiers = random.nextInt(4) == 0
                    ? List.of(
                            List.of(shuffled.get(0)),
                            List.of(shuffled.get(1), shuffled.get(2)),
                            List.of(shuffled.get(3)))
                    : shuffled.stream().map(List::of).toList();
            judgments.add(Judgment.ranked(item, r % 3 + 3 * (item % 50), tiers));
            int base = (int) (item % 10);
            arena.add(new ArenaRanking(
                    tiers,
                    false,
                    Map.of(
                            "a",
                            models[base],
                            "b",
                            models[(base + 1) % 10],
                            "c",
                            models[(base + 3) % 10],
                            "d",
                            models[(base + 7) % 10]),
                    ids));
        }
        long t0 = System.nanoTime();
        PairwiseAgreement.Report report =
                PairwiseAgreement.of(judgments, Integer.getInteger("scale.resamples", 1000), 1);
        long t1 = System.nanoTime();
        double alpha = KrippendorffAlpha.ofRankings(judgments);
        long t2 = System.nanoTime();
        Leaderboard.Result board = Leaderboard.of(arena, Integer.getInteger("scale.resamples", 1000), 1);
        long t3 = System.nanoTime();
        System.out.printf(
                "rankings %d: agreement %d ms, alpha %d ms, leaderboard %d ms%n",
                n, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        assertThat(report.project().counts().comparisons()).isPositive();
        assertThat(alpha).isBetween(-1.0, 1.0);
        assertThat(board.models()).hasSize(10);
    }
}
