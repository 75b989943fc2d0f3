package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.feedloop.quality.KrippendorffAlpha.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

class KrippendorffAlphaTest {

    private static final double NA = Double.NaN;

    /**
     * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", example C: 4 observers, 12
     * units, missing values (observers as rows here, transposed below). Published: nominal 0.743,
     * ordinal 0.815, interval 0.849.
     */
    static final double[][] OBSERVERS_BY_UNITS = {
        {1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA},
        {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3},
        {NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA},
        {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA},
    };

    @Test
    void matchesKrippendorffsPublishedExample() {
        double[][] units = transpose(OBSERVERS_BY_UNITS);

        assertThat(KrippendorffAlpha.of(units, Metric.NOMINAL)).isCloseTo(0.743, within(5e-4));
        assertThat(KrippendorffAlpha.of(units, Metric.ORDINAL)).isCloseTo(0.815, within(5e-4));
        assertThat(KrippendorffAlpha.of(units, Metric.INTERVAL)).isCloseTo(0.849, within(5e-4));
    }

    /**
     * The example of Wikipedia's "Krippendorff's alpha" article (3 coders, 15 units): nominal 0.691,
     * interval 0.811 (0.691358 and 0.810845 to six places, as the krippendorff Python package's tests
     * state).
     */
    @Test
    void matchesWikipediasComputationalExample() {
        double[][] units = transpose(new double[][] {
            {NA, NA, NA, NA, NA, 3, 4, 1, 2, 1, 1, 3, 3, NA, 3},
            {1, NA, 2, 1, 3, 3, 4, 3, NA, NA, NA, NA, NA, NA, NA},
            {NA, NA, 2, 1, 3, 4, 4, NA, 2, 1, 1, 3, 3, NA, 4},
        });

        assertThat(KrippendorffAlpha.of(units, Metric.NOMINAL)).isCloseTo(0.691358, within(5e-7));
        assertThat(KrippendorffAlpha.of(units, Metric.INTERVAL)).isCloseTo(0.810845, within(5e-7));
    }

    /*
     * Rankings with ties. Item 1, candidates a, b, c; units are the candidates, values tier positions:
     *   annotator 1: a > b > c     a=1 b=2 c=3
     *   annotator 2: a = b > c     a=1 b=1 c=2
     *   annotator 3: b > a = c     a=2 b=1 c=2
     *   annotator 4: none acceptable (left out)
     * Item 2 has one ranking only: its units have one value each and are not pairable.
     * Units a {1,1,2}, b {1,1,2}, c {2,2,3}; m_u = 3, so each pair of values adds 1/2:
     *   o11 = 2, o12 = o21 = 2, o22 = 1, o23 = o32 = 1, o33 = o13 = 0
     *   n1 = 4, n2 = 4, n3 = 1, n = 9
     * ordinal δ²: δ12 = (4+4 − 8/2)² = 16, δ23 = (4+1 − 5/2)² = 6.25, δ13 = (4+4+1 − 5/2)² = 42.25
     *   Σ o·δ² = 2·(2·16 + 1·6.25) = 76.5; Σ n_c·n_k·δ² = 2·(16·16 + 4·6.25 + 4·42.25) = 900
     *   α = 1 − (9 − 1)·76.5/900 = 0.32
     * interval δ²: 1, 1, 4: Σ o·δ² = 6; Σ n·n·δ² = 2·(16 + 4 + 16) = 72; α = 1 − 8·6/72 = 1/3
     * nominal: Σ o·δ² = 6; Σ n·n·δ² = 2·(16 + 4 + 4) = 48; α = 1 − 8·6/48 = 0
     */
    @Test
    void ordinalAlphaOfRankingsWithTiesUsesTierPositions() {
        List<Judgment> judgments = List.of(
                Judgment.ranked(1, 1, List.of(List.of("a"), List.of("b"), List.of("c"))),
                Judgment.ranked(1, 2, List.of(List.of("a", "b"), List.of("c"))),
                Judgment.ranked(1, 3, List.of(List.of("b"), List.of("a", "c"))),
                new Judgment(1, 4, List.of(), true),
                Judgment.ranked(2, 1, List.of(List.of("x"), List.of("y"))));

        assertThat(KrippendorffAlpha.ofRankings(judgments)).isCloseTo(0.32, within(1e-12));

        List<double[]> units = List.of(new double[] {1, 1, 2}, new double[] {2, 1, 1}, new double[] {3, 2, 2});
        assertThat(KrippendorffAlpha.ofUnits(units, Metric.ORDINAL)).isCloseTo(0.32, within(1e-12));
        assertThat(KrippendorffAlpha.ofUnits(units, Metric.INTERVAL)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(KrippendorffAlpha.ofUnits(units, Metric.NOMINAL)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void perfectAgreementIsOneAndNothingPairableIsUnknown() {
        double[][] same = {{1, 1}, {2, 2}, {3, 3}};
        assertThat(KrippendorffAlpha.of(same, Metric.ORDINAL)).isEqualTo(1.0);
        assertThat(KrippendorffAlpha.of(new double[][] {{1, NA}, {NA, 2}}, Metric.NOMINAL))
                .isNaN();
    }

    private static double[][] transpose(double[][] rows) {
        double[][] columns = new double[rows[0].length][rows.length];
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                columns[c][r] = rows[r][c];
            }
        }
        return columns;
    }
}
