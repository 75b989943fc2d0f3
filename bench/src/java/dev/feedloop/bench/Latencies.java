package dev.feedloop.bench;

import java.util.Arrays;

/** Measured durations in nanoseconds, sorted, with their percentiles in milliseconds. */
record Latencies(long[] sorted) {

    static Latencies of(long[] nanos, int count) {
        long[] copy = Arrays.copyOf(nanos, count);
        Arrays.sort(copy);
        return new Latencies(copy);
    }

    int count() {
        return sorted.length;
    }

    /** The value below which the fraction {@code p} of the measurements lie, in ms (NaN when none). */
    double percentile(double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))] / 1e6;
    }

    double max() {
        return sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1] / 1e6;
    }
}
