package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ResamplingTest {

    /** 70,000 draws from 7 values: each within 4 standard deviations (≈ 370) of 10,000. */
    @Test
    void indexesAreUniformAndInRange() {
        SplittableRandom random = new SplittableRandom(1);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) {
            counts[Resampling.index(random, 7)]++;
        }
        assertThat(java.util.Arrays.stream(counts).allMatch(count -> count >= 9_630 && count <= 10_370))
                .as(java.util.Arrays.toString(counts))
                .isTrue();
        assertThat(Resampling.index(random, 1)).isZero();
    }

    /**
     * Binomial draws by inversion (mean 6) and by rejection (mean 60 and 150,000): the frequency of
     * each value within 5 standard errors of its exact probability, the distribution function within
     * the Kolmogorov–Smirnov bound, and the mean and variance of
     * 20,000 draws within 5 standard errors of n·p and n·p·q.
     */
    @Test
    void binomialDrawsFollowTheBinomialDistribution() {
        SplittableRandom random = new SplittableRandom(2);
        for (int[] n : new int[][] {{20}, {200}}) {
            double p = 0.3;
            int draws = 200_000;
            long[] counts = new long[n[0] + 1];
            for (int i = 0; i < draws; i++) {
                counts[Resampling.binomial(random, n[0], p)]++;
            }
            double cumulative = 0;
            double drawnCumulative = 0;
            for (int k = 0; k <= n[0]; k++) {
                double exact = Math.exp(Resampling.logFactorial(n[0])
                        - Resampling.logFactorial(k)
                        - Resampling.logFactorial(n[0] - k)
                        + k * Math.log(p)
                        + (n[0] - k) * Math.log(1 - p));
                double error = Math.sqrt(exact * (1 - exact) / draws);
                // a draw or two where fewer than one are expected is chance, not a fault
                assertThat((double) counts[k] / draws)
                        .as("n %d, k %d", n[0], k)
                        .isCloseTo(exact, within(5 * error + 2.0 / draws));
                cumulative += exact;
                drawnCumulative += (double) counts[k] / draws;
                // Kolmogorov–Smirnov at the 1 % level
                assertThat(drawnCumulative)
                        .as("n %d, F(%d)", n[0], k)
                        .isCloseTo(cumulative, within(1.63 / Math.sqrt(draws)));
            }
        }
        int n = 300_000;
        double p = 0.5;
        int draws = 20_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < draws; i++) {
            double x = Resampling.binomial(random, n, p);
            sum += x;
            squares += x * x;
        }
        double mean = sum / draws;
        double variance = squares / draws - mean * mean;
        double expectedVariance = n * p * (1 - p);
        assertThat(mean).isCloseTo(n * p, within(5 * Math.sqrt(expectedVariance / draws)));
        // the variance of a sample variance of a near-normal variable is 2σ⁴ / draws
        assertThat(variance).isCloseTo(expectedVariance, within(5 * expectedVariance * Math.sqrt(2.0 / draws)));
        assertThat(Resampling.binomial(random, 10, 0)).isZero();
        assertThat(Resampling.binomial(random, 10, 1)).isEqualTo(10);
    }

    /**
     * Drawing 100,000 units of four kinds (60 %, 30 %, 9.9 %, 0.1 %) by kinds: every draw adds up to
     * 100,000, and over 2,000 resamples each kind's mean and variance are n·p and n·p·(1 − p) within 5
     * standard errors, as when drawing unit by unit.
     */
    @Test
    void drawingByKindsIsAMultinomialDraw() {
        int[] sizes = {60_000, 30_000, 9_900, 100};
        int units = 100_000;
        int[] kindOf = new int[units];
        int next = 0;
        for (int kind = 0; kind < sizes.length; kind++) {
            for (int i = 0; i < sizes[kind]; i++) {
                kindOf[next++] = kind;
            }
        }
        int resamples = 2_000;
        double[] sum = new double[sizes.length];
        double[] squares = new double[sizes.length];
        for (int b = 0; b < resamples; b++) {
            int[] drawn = Resampling.draw(new SplittableRandom(b), kindOf, sizes);
            assertThat(java.util.Arrays.stream(drawn).sum()).isEqualTo(units);
            for (int kind = 0; kind < sizes.length; kind++) {
                sum[kind] += drawn[kind];
                squares[kind] += (double) drawn[kind] * drawn[kind];
            }
        }
        for (int kind = 0; kind < sizes.length; kind++) {
            double p = (double) sizes[kind] / units;
            double expected = units * p * (1 - p);
            double mean = sum[kind] / resamples;
            double variance = squares[kind] / resamples - mean * mean;
            assertThat(mean).as("kind %d", kind).isCloseTo(units * p, within(5 * Math.sqrt(expected / resamples)));
            assertThat(variance)
                    .as("kind %d", kind)
                    .isCloseTo(expected, within(5 * expected * Math.sqrt(2.0 / resamples) + 1));
        }
    }
}
