package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;

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
}
