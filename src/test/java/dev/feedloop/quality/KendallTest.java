package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KendallTest {

    /** scipy.stats.kendalltau documentation example: statistic −0.47140452079103173. */
    @Test
    void tauBMatchesScipysDocumentedExample() {
        double[] x = {12, 2, 1, 12, 2};
        double[] y = {1, 4, 7, 1, 0};

        assertThat(Kendall.tauB(x, y)).isCloseTo(-0.47140452079103173, within(1e-15));
    }

    /*
     * Annotators 1 and 2 on two items. Item 1: 1 says a > b > c, 2 says a = b > c: pairs ab (x strict,
     * y tied), ac concordant, bc concordant. Item 2: 1 says x > y, 2 says y > x: discordant.
     * Item 3 is ranked by annotator 1 only and does not count.
     * n0 = 4, nc = 2, nd = 1, tied in x n1 = 0, tied in y n2 = 1:
     * τ-b = (2 − 1)/sqrt(4·3) = 0.288675…
     */
    @Test
    void tauBBetweenTwoAnnotatorsPoolsTheCandidatePairsOfSharedItems() {
        List<Judgment> judgments = List.of(
                Judgment.ranked(1, 1, List.of(List.of("a"), List.of("b"), List.of("c"))),
                Judgment.ranked(1, 2, List.of(List.of("a", "b"), List.of("c"))),
                Judgment.ranked(2, 1, List.of(List.of("x"), List.of("y"))),
                Judgment.ranked(2, 2, List.of(List.of("y"), List.of("x"))),
                Judgment.ranked(3, 1, List.of(List.of("p"), List.of("q"))));

        assertThat(Kendall.tauB(judgments, 1, 2)).isCloseTo(1 / Math.sqrt(12), within(1e-15));
        assertThat(Kendall.tauB(judgments, 2, 1)).isCloseTo(1 / Math.sqrt(12), within(1e-15));
    }

    /*
     * Three judges, four objects, scores = tier positions:
     *   judge 1: a > b > c > d     ranks 1, 2, 3, 4           ties Σ(t³ − t) = 0
     *   judge 2: a = b > c > d     ranks 1.5, 1.5, 3, 4       2³ − 2 = 6
     *   judge 3: a > b = c = d     ranks 1, 3, 3, 3           3³ − 3 = 24
     * rank sums 3.5, 6.5, 9, 11; Σ R² = 256.5
     * W = (12·256.5 − 3·3²·4·5²) / (3²·4·(4² − 1) − 3·30) = (3078 − 2700) / (540 − 90) = 378/450 = 0.84
     * (without the tie correction it would be 378/540 = 0.7)
     */
    @Test
    void kendallsWCorrectsForTies() {
        double[][] scores = {{1, 2, 3, 4}, {1, 1, 2, 3}, {1, 2, 2, 2}};

        assertThat(Kendall.w(scores)).isCloseTo(0.84, within(1e-12));
    }

    @Test
    void kendallsWPerItemFromTiers() {
        List<Judgment> judgments = List.of(
                Judgment.ranked(7, 1, List.of(List.of("a"), List.of("b"), List.of("c"), List.of("d"))),
                Judgment.ranked(7, 2, List.of(List.of("a", "b"), List.of("c"), List.of("d"))),
                Judgment.ranked(7, 3, List.of(List.of("a"), List.of("b", "c", "d"))),
                new Judgment(7, 4, List.of(), true),
                Judgment.ranked(8, 1, List.of(List.of("x"), List.of("y"))),
                Judgment.ranked(8, 2, List.of(List.of("x"), List.of("y"))),
                Judgment.ranked(9, 1, List.of(List.of("x"), List.of("y"))));

        Map<Long, Double> w = Kendall.wPerItem(judgments);

        assertThat(w.get(7L)).isCloseTo(0.84, within(1e-12));
        assertThat(w.get(8L)).isEqualTo(1.0);
        assertThat(w.get(9L)).isNaN();
    }

    @Test
    void oppositeRankingsOfTwoJudgesHaveNoConcordance() {
        assertThat(Kendall.w(new double[][] {{1, 2, 3}, {3, 2, 1}})).isCloseTo(0.0, within(1e-15));
        assertThat(Kendall.w(new double[][] {{1, 1}, {1, 1}})).isNaN();
    }
}
