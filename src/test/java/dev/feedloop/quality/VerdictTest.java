package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void betterTierWinsAndTheSameTierIsATie() {
        TierPositions ranking = TierPositions.of(List.of(List.of("b"), List.of("a", "c")));

        assertThat(ranking.position("b")).hasValue(1);
        assertThat(ranking.position("c")).hasValue(2);
        assertThat(ranking.verdict("b", "a")).contains(Verdict.FIRST_BETTER);
        assertThat(ranking.verdict("a", "b")).contains(Verdict.SECOND_BETTER);
        assertThat(ranking.verdict("a", "c")).contains(Verdict.TIE);
        assertThat(ranking.verdict("a", "d")).isEmpty();
        assertThat(Verdict.FIRST_BETTER.reversed()).isEqualTo(Verdict.SECOND_BETTER);
        assertThat(Verdict.TIE.reversed()).isEqualTo(Verdict.TIE);
    }

    @Test
    void aCandidateRankedTwiceIsRefused() {
        assertThatThrownBy(() -> TierPositions.of(List.of(List.of("a"), List.of("a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a'");
    }
}
