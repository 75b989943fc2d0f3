package dev.feedloop.quality;

/**
 * A two-sided interval, {@code lower <= upper}; both are {@link Double#NaN} when there was nothing
 * to estimate from.
 */
public record Interval(double lower, double upper) {

    /** z for a two-sided 95 % interval: the 0.975 quantile of the standard normal distribution. */
    public static final double Z95 = 1.959963984540054;

    static final Interval UNKNOWN = new Interval(Double.NaN, Double.NaN);

    public boolean contains(double value) {
        return value >= lower && value <= upper;
    }

    /**
     * The Wilson score interval at 95 % for {@code successes} out of {@code trials} (Wilson 1927;
     * Newcombe 1998, method 3, without continuity correction):
     * {@code (p + z²/2n ± z·sqrt(p(1−p)/n + z²/4n²)) / (1 + z²/n)}. Unlike the normal approximation it
     * stays within [0, 1] and is not empty at 0 or n successes. {@link #UNKNOWN} for zero trials.
     */
    public static Interval wilson(long successes, long trials) {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException(
                    "successes must be between 0 and trials; got " + successes + " of " + trials);
        }
        if (trials == 0) {
            return UNKNOWN;
        }
        double n = trials;
        double p = successes / n;
        double z2 = Z95 * Z95;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denominator;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        // at 0 and n successes the bounds are exactly 0 and 1; rounding would leave them a hair inside
        double lower = successes == 0 ? 0 : Math.max(0, centre - half);
        double upper = successes == trials ? 1 : Math.min(1, centre + half);
        return new Interval(lower, upper);
    }

    /**
     * The percentile interval of a bootstrap distribution: the 2.5th and 97.5th percentiles of
     * {@code samples} (sorted in place), each by linear interpolation between order statistics
     * (Hyndman and Fan's definition 7, numpy's default). NaN samples are ignored.
     */
    static Interval percentile95(double[] samples, int count) {
        java.util.Arrays.sort(samples, 0, count);
        int valid = count;
        while (valid > 0 && Double.isNaN(samples[valid - 1])) {
            valid--;
        }
        if (valid == 0) {
            return UNKNOWN;
        }
        return new Interval(quantile(samples, valid, 0.025), quantile(samples, valid, 0.975));
    }

    static double quantile(double[] sorted, int count, double q) {
        double h = (count - 1) * q;
        int below = (int) Math.floor(h);
        int above = Math.min(below + 1, count - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }
}
