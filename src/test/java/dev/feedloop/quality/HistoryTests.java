package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HistoryTests {

    @Test
    void historyWritesRankingOrdersWithThePageLetters() {
        assertThat(History.order(List.of(List.of("y"), List.of("z", "x")), List.of("x", "y", "z")))
                .isEqualTo("B > A = C");
    }

    @Test
    void anIdThatWasNotShownKeepsItsName() {
        assertThat(History.order(List.of(List.of("x"), List.of("gone")), List.of("x")))
                .isEqualTo("A > gone");
    }
}
