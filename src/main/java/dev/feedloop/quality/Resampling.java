package dev.feedloop.quality;

import java.util.SplittableRandom;

/**
 * Drawing with replacement for the bootstrap intervals. A resample draws n of n units (items or
 * rankings) with replacement; the measures only need how often each <em>kind</em> of unit was drawn
 * (units with equal counts are one kind), and those numbers are one multinomial draw. With few kinds
 * they are drawn as such, one binomial per kind, in O(kinds) instead of O(n); with many, unit by
 * unit. Both give exactly the distribution of n draws with replacement.
 */
final class Resampling {

    /** Below this many units per kind, drawing unit by unit is cheaper than a binomial per kind. */
    static final int UNITS_PER_KIND = 16;

    private static final int FACTORIALS = 1024;
    private static final double[] LOG_FACTORIAL = new double[FACTORIALS];

    static {
        for (int k = 2; k < FACTORIALS; k++) {
            LOG_FACTORIAL[k] = LOG_FACTORIAL[k - 1] + Math.log(k);
        }
    }

    private Resampling() {}

    /**
     * How often each kind is drawn in one resample: {@code kindOf[i]} is unit i's kind, {@code
     * sizes[k]} how many units are of kind k.
     */
    static int[] draw(SplittableRandom random, int[] kindOf, int[] sizes) {
        int units = kindOf.length;
        int[] drawn = new int[sizes.length];
        if ((long) sizes.length * UNITS_PER_KIND > units) {
            for (int i = 0; i < units; i++) {
                drawn[kindOf[index(random, units)]]++;
            }
            return drawn;
        }
        // the conditional binomials of a multinomial: kind k takes Binomial(left, sizes[k] / mass left)
        int left = units;
        long mass = units;
        for (int k = 0; k < sizes.length && left > 0; k++) {
            int taken = mass == sizes[k] ? left : binomial(random, left, (double) sizes[k] / mass);
            drawn[k] = taken;
            left -= taken;
            mass -= sizes[k];
        }
        return drawn;
    }

    /** A draw of Binomial(n, p): the number of successes in n trials of probability p. */
    static int binomial(SplittableRandom random, int n, double p) {
        if (n == 0 || p <= 0) {
            return 0;
        }
        if (p >= 1) {
            return n;
        }
        if (p > 0.5) {
            return n - binomial(random, n, 1 - p);
        }
        return n * p < 30 ? binomialByInversion(random, n, p) : binomialByRejection(random, n, p);
    }

    /** Sequential search from 0 up the distribution function: O(n·p) steps, for small means. */
    private static int binomialByInversion(SplittableRandom random, int n, double p) {
        double odds = p / (1 - p);
        double first = Math.exp(n * Math.log1p(-p));
        while (true) {
            double u = random.nextDouble();
            double probability = first;
            int x = 0;
            while (u > probability && x < n) {
                u -= probability;
                probability *= odds * (n - x) / (x + 1);
                x++;
            }
            // rounding can leave u above the whole distribution; start again then
            if (u <= probability) {
                return x;
            }
        }
    }

    /**
     * Rejection from a Cauchy envelope centred at the mean with scale √(2·n·p·q): a point x of the
     * envelope stands for k = ⌊x⌋ and is kept with probability P(k) / (c · envelope(x)), with c = π / 1.2
     * bounding the ratio for means of 30 and more (about 2.6 tries per draw).
     */
    private static int binomialByRejection(SplittableRandom random, int n, double p) {
        double mean = n * p;
        double scale = Math.sqrt(2 * mean * (1 - p));
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        double logN = logFactorial(n);
        while (true) {
            double y = Math.tan(Math.PI * random.nextDouble());
            double x = scale * y + mean;
            if (x < 0 || x >= n + 1.0) {
                continue;
            }
            int k = (int) x;
            double probability = Math.exp(logN - logFactorial(k) - logFactorial(n - k) + k * logP + (n - k) * logQ);
            if (random.nextDouble() <= 1.2 * scale * (1 + y * y) * probability) {
                return k;
            }
        }
    }

    /** ln k!, from a table below 1,024 and Stirling's series above (error below 1e-20). */
    static double logFactorial(int k) {
        if (k < FACTORIALS) {
            return LOG_FACTORIAL[k];
        }
        double x = k;
        double inverse = 1 / x;
        double inverse2 = inverse * inverse;
        return x * Math.log(x)
                - x
                + 0.5 * Math.log(2 * Math.PI * x)
                + inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 / 1260));
    }

    /**
     * A uniform index in [0, bound), by Lemire's multiply-and-shift with rejection ("Fast random
     * integer generation in an interval", 2019): exactly uniform like {@code nextInt(bound)}, without
     * its division on every draw, which matters at hundreds of millions of draws.
     */
    static int index(SplittableRandom random, int bound) {
        long product = (random.nextInt() & 0xFFFF_FFFFL) * bound;
        long low = product & 0xFFFF_FFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                product = (random.nextInt() & 0xFFFF_FFFFL) * bound;
                low = product & 0xFFFF_FFFFL;
            }
        }
        return (int) (product >>> 32);
    }
}
