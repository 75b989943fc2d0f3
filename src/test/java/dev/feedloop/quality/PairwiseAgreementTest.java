package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PairwiseAgreementTest {

    /*
     * Item 1, candidates a, b, c; verdicts on (a,b), (a,c), (b,c):
     *   annotator 1: a > b > c        F F F
     *   annotator 2: a > b = c        F F T
     *   annotator 3: b > a > c        S F F
     * 1 vs 2: equal on ab, ac; not on bc        3 compared, 2 equal; without ties (bc left out) 2, 2
     * 1 vs 3: equal on ac, bc                   3, 2; without ties 3, 2
     * 2 vs 3: equal on ac                       3, 1; without ties (bc left out) 2, 1
     * item 1: 9 compared, 5 equal; without ties 7 compared, 5 equal.
     * Item 2: annotators 1 and 2 both x > y (1 compared, 1 equal; 1, 1); annotator 3 "none acceptable".
     * Project: 10 compared, 6 equal = 0.6 with ties; 8 compared, 6 equal = 0.75 without ties.
     * Annotator 1: 3+3+1 = 7, 2+2+1 = 5; without ties 2+3+1 = 6, 2+2+1 = 5.
     * Annotator 2: 3+3+1 = 7, 2+1+1 = 4; without ties 2+2+1 = 5, 2+1+1 = 4.
     * Annotator 3: 3+3 = 6, 2+1 = 3; without ties 3+2 = 5, 2+1 = 3.
     */
    static final List<Judgment> EXAMPLE = List.of(
            Judgment.ranked(1, 1, List.of(List.of("a"), List.of("b"), List.of("c"))),
            Judgment.ranked(1, 2, List.of(List.of("a"), List.of("b", "c"))),
            Judgment.ranked(1, 3, List.of(List.of("b"), List.of("a"), List.of("c"))),
            Judgment.ranked(2, 1, List.of(List.of("x"), List.of("y"))),
            Judgment.ranked(2, 2, List.of(List.of("x"), List.of("y"))),
            new Judgment(2, 3, List.of(), true));

    @Test
    void agreementWithAndWithoutTiesPerProjectAnnotatorAndItem() {
        PairwiseAgreement.Report report = PairwiseAgreement.of(EXAMPLE);

        assertThat(report.project().counts()).isEqualTo(new PairwiseAgreement.Counts(10, 6, 8, 6));
        assertThat(report.project().withTies()).isEqualTo(0.6);
        assertThat(report.project().withoutTies()).isEqualTo(0.75);
        assertThat(report.items().get(1L)).isEqualTo(new PairwiseAgreement.Counts(9, 5, 7, 5));
        assertThat(report.items().get(2L)).isEqualTo(new PairwiseAgreement.Counts(1, 1, 1, 1));
        assertThat(report.annotators().get(1L).counts()).isEqualTo(new PairwiseAgreement.Counts(7, 5, 6, 5));
        assertThat(report.annotators().get(2L).counts()).isEqualTo(new PairwiseAgreement.Counts(7, 4, 5, 4));
        assertThat(report.annotators().get(3L).counts()).isEqualTo(new PairwiseAgreement.Counts(6, 3, 5, 3));
    }

    /*
     * Two items: a resample draws {1,1} (share 5/9), {1,2} or {2,1} (6/10) or {2,2} (1/1), each of the
     * extremes with probability 1/4, so the 2.5th percentile is 5/9 and the 97.5th is 1.
     */
    @Test
    void bootstrapIntervalResamplesItems() {
        PairwiseAgreement.Report report = PairwiseAgreement.of(EXAMPLE);

        assertThat(report.project().withTiesCi95().lower()).isCloseTo(5.0 / 9, within(1e-12));
        assertThat(report.project().withTiesCi95().upper()).isEqualTo(1.0);
        assertThat(report.project().withoutTiesCi95().lower()).isCloseTo(5.0 / 7, within(1e-12));
        assertThat(report.project().withoutTiesCi95().upper()).isEqualTo(1.0);
        // annotator 3 was compared on item 1 only: every resample is that item
        assertThat(report.annotators().get(3L).withTiesCi95()).isEqualTo(new Interval(0.5, 0.5));
    }

    @Test
    void sameSeedGivesTheSameIntervalAndTheIntervalHoldsTheEstimate() {
        List<Judgment> judgments = randomJudgments(200, 7);

        PairwiseAgreement.Report first = PairwiseAgreement.of(judgments, 500, 11);
        PairwiseAgreement.Report second = PairwiseAgreement.of(judgments, 500, 11);

        assertThat(first).isEqualTo(second);
        PairwiseAgreement.Measure project = first.project();
        assertThat(project.withTiesCi95().contains(project.withTies())).isTrue();
        assertThat(project.withoutTiesCi95().contains(project.withoutTies())).isTrue();
        assertThat(project.withTiesCi95().upper() - project.withTiesCi95().lower())
                .isBetween(0.01, 0.2);
    }

    @Test
    void anAnnotatorRankingAnItemTwiceIsRefused() {
        List<Judgment> twice = List.of(
                Judgment.ranked(5, 1, List.of(List.of("a"), List.of("b"))),
                Judgment.ranked(5, 1, List.of(List.of("b"), List.of("a"))));

        assertThatThrownBy(() -> PairwiseAgreement.of(twice))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("annotator 1 ranked item 5 twice");
    }

    @Test
    void noComparisonsGiveNoShareAndNoInterval() {
        PairwiseAgreement.Report report =
                PairwiseAgreement.of(List.of(Judgment.ranked(1, 1, List.of(List.of("a"), List.of("b")))));

        assertThat(report.project().withTies()).isNaN();
        assertThat(report.project().withTiesCi95().lower()).isNaN();
        assertThat(report.annotators()).isEmpty();
        assertThat(report.items().get(1L).comparisons()).isZero();
    }

    /** Three annotators per item ranking four candidates by a noisy common order, ties allowed. */
    static List<Judgment> randomJudgments(int items, long seed) {
        Random random = new Random(seed);
        List<Judgment> judgments = new ArrayList<>();
        for (int item = 0; item < items; item++) {
            for (int annotator = 0; annotator < 3; annotator++) {
                double[] score = new double[4];
                for (int c = 0; c < 4; c++) {
                    score[c] = Math.round(c + random.nextGaussian() * 1.2);
                }
                java.util.TreeMap<Double, List<String>> tiers = new java.util.TreeMap<>();
                for (int c = 0; c < 4; c++) {
                    tiers.computeIfAbsent(score[c], s -> new ArrayList<>()).add("c" + c);
                }
                judgments.add(Judgment.ranked(item, annotator + 10 * (item % 4), List.copyOf(tiers.values())));
            }
        }
        return judgments;
    }

    /**
     * The item positions the agreement shows give the same Krippendorff's alpha and Kendall's W as
     * computing them from the rankings: 2,000 random rankings of 500 items (ties, candidates left out,
     * "none acceptable").
     */
    @Test
    void itemPositionsGiveTheSameAlphaAndWAsTheRankings() {
        Random random = new Random(5);
        List<String> candidates = List.of("a", "b", "c", "d");
        List<Judgment> judgments = new ArrayList<>();
        for (int r = 0; r < 2_000; r++) {
            long item = r / 4;
            if (random.nextInt(10) == 0) {
                judgments.add(new Judgment(item, r % 4, List.of(), true));
                continue;
            }
            List<String> order = new ArrayList<>(candidates);
            java.util.Collections.shuffle(order, random);
            List<List<String>> tiers = new ArrayList<>();
            int placed = 2 + random.nextInt(3);
            for (int c = 0; c < placed; c++) {
                if (!tiers.isEmpty() && random.nextInt(4) == 0) {
                    List<String> tied = new ArrayList<>(tiers.getLast());
                    tied.add(order.get(c));
                    tiers.set(tiers.size() - 1, tied);
                } else {
                    tiers.add(List.of(order.get(c)));
                }
            }
            judgments.add(Judgment.ranked(item, r % 4, tiers));
        }
        List<double[]> units = new ArrayList<>();
        java.util.Map<Long, Double> w = new java.util.HashMap<>();
        PairwiseAgreement.of(judgments, 10, 1, null, (item, position, k) -> {
            KrippendorffAlpha.addUnits(position, k, units);
            w.put(item, Kendall.wOfPositions(position, k));
        });

        assertThat(KrippendorffAlpha.ofUnits(units, KrippendorffAlpha.Metric.ORDINAL))
                .isCloseTo(KrippendorffAlpha.ofRankings(judgments), within(1e-12));
        java.util.Map<Long, Double> expected = Kendall.wPerItem(judgments);
        assertThat(w.keySet()).isEqualTo(expected.keySet());
        expected.forEach((item, value) -> {
            if (Double.isNaN(value)) {
                assertThat(w.get(item)).as("item %d", item).isNaN();
            } else {
                assertThat(w.get(item)).as("item %d", item).isCloseTo(value, within(1e-12));
            }
        });
    }
}
