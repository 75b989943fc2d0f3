package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeaderboardTest {

    /*
     * r1: c1 (A) > c2 (B) = c3 (C), shown c2, c1, c3: A beats B, A beats C, B ties C.
     * r2: none acceptable: nothing.  r3: c1 has no model: nothing.  r4: both candidates are A: nothing.
     * r4': both candidates are D: nothing, and D, which never battled, is not on the leaderboard.
     * r5: c1 (B) > c2 (A), shown c1, c2: B beats A.
     * A: 2 wins, 0 ties, 1 loss; B: 1, 1, 1; C: 0, 1, 1. Battles A–B 2, A–C 1, B–C 1.
     * Positions: 1st shown lost, tied (r1) and won (r5): (1 + 1/2)/3 = 0.5; 2nd won twice (r1) and
     * lost (r5): 2/3; 3rd tied and lost (r1): 1/4.
     */
    @Test
    void battlesComeFromStrictlyOrderedPairsOfCandidatesWithModels() {
        Map<String, String> abc = Map.of("c1", "A", "c2", "B", "c3", "C");
        List<ArenaRanking> rankings = List.of(
                new ArenaRanking(List.of(List.of("c1"), List.of("c2", "c3")), false, abc, List.of("c2", "c1", "c3")),
                new ArenaRanking(List.of(), true, abc, List.of("c1", "c2", "c3")),
                new ArenaRanking(List.of(List.of("c1"), List.of("c2")), false, Map.of("c2", "A"), List.of()),
                new ArenaRanking(List.of(List.of("c1"), List.of("c2")), false, Map.of("c1", "A", "c2", "A"), List.of()),
                new ArenaRanking(
                        List.of(List.of("c1"), List.of("c2")),
                        false,
                        Map.of("c1", "B", "c2", "A"),
                        List.of("c1", "c2")));

        Leaderboard.Result result = Leaderboard.of(rankings, 200, 3);

        assertThat(result.models()).extracting(Leaderboard.ModelRating::model).containsExactly("A", "B", "C");
        Leaderboard.ModelRating a = result.models().get(0);
        Leaderboard.ModelRating b = result.models().get(1);
        Leaderboard.ModelRating c = result.models().get(2);
        assertThat(List.of(a.wins(), a.ties(), a.losses(), a.battles())).containsExactly(2L, 0L, 1L, 3L);
        assertThat(List.of(b.wins(), b.ties(), b.losses(), b.battles())).containsExactly(1L, 1L, 1L, 3L);
        assertThat(List.of(c.wins(), c.ties(), c.losses(), c.battles())).containsExactly(0L, 1L, 1L, 2L);
        assertThat(result.battles()[0]).containsExactly(0, 2, 1);
        assertThat(result.battles()[1]).containsExactly(2, 0, 1);
        assertThat(result.winRates()[0][1]).isEqualTo(0.5);
        assertThat(result.winRates()[0][2]).isEqualTo(1.0);
        assertThat(result.winRates()[1][2]).isNaN();
        assertThat(result.positionBias())
                .extracting(Leaderboard.PositionRate::winRate)
                .containsExactly(0.5, 2.0 / 3, 0.25);
        assertThat(result.positionBias().get(0).pairs()).isEqualTo(3);
        assertThat(a.ci95().lower()).isLessThanOrEqualTo(a.ci95().upper());
    }

    /**
     * Pairwise rankings drawn from known ratings (two of them equal) with a fixed seed: the fitted
     * order is the true one, every 95 % interval holds the true rating, the equal models share a rank
     * and the rank of the others counts the models clearly above them.
     */
    @Test
    void rankingsDrawnFromKnownStrengthsGiveTheTrueOrderWithIntervalsHoldingTheTruth() {
        String[] models = {"m1200", "m1100", "m1000a", "m1000b", "m900", "m800"};
        double[] truth = {1200, 1100, 1000, 1000, 900, 800};
        SplittableRandom random = new SplittableRandom(20_240_611L);
        List<ArenaRanking> rankings = new ArrayList<>();
        for (int r = 0; r < 6_000; r++) {
            int i = random.nextInt(models.length);
            int j = random.nextInt(models.length - 1);
            j = j >= i ? j + 1 : j;
            double iWins = 1 / (1 + Math.pow(10, (truth[j] - truth[i]) / 400));
            List<List<String>> tiers = random.nextDouble() < iWins
                    ? List.of(List.of("x"), List.of("y"))
                    : List.of(List.of("y"), List.of("x"));
            rankings.add(new ArenaRanking(tiers, false, Map.of("x", models[i], "y", models[j]), List.of("x", "y")));
        }

        Leaderboard.Result result = Leaderboard.of(rankings);

        List<Leaderboard.ModelRating> lines = result.models();
        assertThat(lines.get(0).model()).isEqualTo("m1200");
        assertThat(lines.get(1).model()).isEqualTo("m1100");
        assertThat(lines.get(2).model()).startsWith("m1000");
        assertThat(lines.get(3).model()).startsWith("m1000");
        assertThat(lines.get(4).model()).isEqualTo("m900");
        assertThat(lines.get(5).model()).isEqualTo("m800");
        for (Leaderboard.ModelRating line : lines) {
            double expected = truth[List.of(models).indexOf(line.model())];
            assertThat(line.ci95().contains(expected))
                    .as("%s: %s holds %s", line.model(), line.ci95(), expected)
                    .isTrue();
            assertThat(line.ci95().upper() - line.ci95().lower()).isLessThan(60);
        }
        assertThat(lines).extracting(Leaderboard.ModelRating::rank).containsExactly(1, 2, 3, 3, 5, 6);
        assertThat(lines.stream()
                        .mapToDouble(Leaderboard.ModelRating::rating)
                        .average()
                        .orElseThrow())
                .isCloseTo(1000, within(1e-6));
        assertThat(result.positionBias())
                .allSatisfy(p -> assertThat(p.winRate()).isCloseTo(0.5, within(0.03)));
    }

    @Test
    void sameSeedGivesTheSameLeaderboard() {
        List<ArenaRanking> rankings = List.of(
                new ArenaRanking(List.of(List.of("p"), List.of("q")), false, Map.of("p", "A", "q", "B"), List.of()),
                new ArenaRanking(List.of(List.of("q"), List.of("p")), false, Map.of("p", "A", "q", "B"), List.of()),
                new ArenaRanking(List.of(List.of("p", "q")), false, Map.of("p", "A", "q", "B"), List.of()),
                new ArenaRanking(List.of(List.of("p"), List.of("q")), false, Map.of("p", "A", "q", "B"), List.of()));

        assertThat(Leaderboard.of(rankings, 300, 5).models())
                .isEqualTo(Leaderboard.of(rankings, 300, 5).models());
    }
}
