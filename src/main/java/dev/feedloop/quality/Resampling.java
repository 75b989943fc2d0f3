package dev.feedloop.quality;

import java.util.SplittableRandom;

/** Drawing with replacement for the bootstrap intervals. */
final class Resampling {

    private Resampling() {}

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
