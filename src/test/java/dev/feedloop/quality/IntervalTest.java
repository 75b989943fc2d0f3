package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class IntervalTest {

    /** Newcombe (1998), Statistics in Medicine 17:857–872, Table I, method 3 (score, no correction). */
    @Test
    void wilsonIntervalMatchesNewcombesPublishedExamples() {
        assertWilson(81, 263, 0.2553, 0.3662);
        assertWilson(15, 148, 0.0624, 0.1605);
        assertWilson(0, 20, 0.0000, 0.1611);
        assertWilson(1, 29, 0.0061, 0.1718);
    }

    @Test
    void wilsonIntervalStaysInsideZeroToOneAndIsUnknownWithoutTrials() {
        Interval all = Interval.wilson(10, 10);
        assertThat(all.upper()).isEqualTo(1.0);
        assertThat(all.lower()).isCloseTo(0.7225, within(5e-5));
        assertThat(Interval.wilson(0, 0).lower()).isNaN();
        assertThatThrownBy(() -> Interval.wilson(11, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    /** numpy.percentile(range(1, 11), [2.5, 97.5]) = [1.225, 9.775] (linear interpolation). */
    @Test
    void percentileIntervalInterpolatesBetweenOrderStatisticsLikeNumpy() {
        double[] samples = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1, Double.NaN};
        Interval interval = Interval.percentile95(samples, samples.length);
        assertThat(interval.lower()).isCloseTo(1.225, within(1e-12));
        assertThat(interval.upper()).isCloseTo(9.775, within(1e-12));
    }

    private static void assertWilson(long successes, long trials, double lower, double upper) {
        Interval interval = Interval.wilson(successes, trials);
        assertThat(interval.lower()).isCloseTo(lower, within(5e-5));
        assertThat(interval.upper()).isCloseTo(upper, within(5e-5));
    }
}
