package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoldAccuracyTest {

    static List<List<String>> tiers(String... tiers) {
        return java.util.Arrays.stream(tiers).map(t -> List.of(t.split(","))).toList();
    }

    @Test
    void countsEveryGoldPairWithTiesAsVerdicts() {
        // gold b > a = c: pairs (b,a) first better, (b,c) first better, (a,c) tie
        GoldAccuracy accuracy = GoldAccuracy.of(List.of(
                new GoldAccuracy.Judgment(tiers("b", "a,c"), tiers("b", "a", "c")),
                new GoldAccuracy.Judgment(tiers("x", "y"), tiers("x", "y"))));

        // first: (b,a) agrees, (b,c) agrees, (a,c) tie vs first better disagrees; second: 1 of 1
        assertThat(accuracy.judgments()).isEqualTo(2);
        assertThat(accuracy.agreed()).isEqualTo(3);
        assertThat(accuracy.pairs()).isEqualTo(4);
        assertThat(accuracy.accuracy()).isEqualTo(0.75);
        Interval expected = Interval.wilson(3, 4);
        assertThat(accuracy.interval().lower()).isCloseTo(0.3006, within(1e-4));
        assertThat(accuracy.interval().upper()).isCloseTo(0.9544, within(1e-4));
        assertThat(accuracy.interval()).isEqualTo(expected);
    }

    @Test
    void aRankingThatPlacesNothingDisagreesOnEveryPair() {
        GoldAccuracy accuracy = GoldAccuracy.of(List.of(new GoldAccuracy.Judgment(tiers("a", "b", "c"), List.of())));

        assertThat(accuracy.agreed()).isZero();
        assertThat(accuracy.pairs()).isEqualTo(3);
    }

    @Test
    void candidatesTheGoldAnswerLeavesOutAreNotJudged() {
        GoldAccuracy accuracy =
                GoldAccuracy.of(List.of(new GoldAccuracy.Judgment(tiers("a", "b"), tiers("c", "b", "a"))));

        assertThat(accuracy.pairs()).isEqualTo(1);
        assertThat(accuracy.agreed()).isZero();
    }

    @Test
    void nothingJudgedHasNoAccuracy() {
        assertThat(GoldAccuracy.of(List.of())).isEqualTo(GoldAccuracy.NONE);
        assertThat(GoldAccuracy.NONE.accuracy()).isNaN();
    }
}
