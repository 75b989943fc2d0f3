package dev.feedloop.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.problems.Refusal;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InputCountsTests {

    @Test
    void theShareOfPastedCharactersIsAWholePercentageOfAllThatWentIn() {
        assertThat(new InputCounts(3500, 1204).pastedPercent()).isEqualTo(74);
        assertThat(new InputCounts(1, 2).pastedPercent()).isEqualTo(33);
        assertThat(new InputCounts(0, 50).pastedPercent()).isZero();
        assertThat(new InputCounts(Integer.MAX_VALUE, Integer.MAX_VALUE).pastedPercent())
                .isEqualTo(50);
    }

    @Test
    void withNothingCountedOrNothingTypedOrPastedThereIsNoShare() {
        assertThat(InputCounts.NONE.pastedPercent()).isNull();
        assertThat(new InputCounts(5, null).pastedPercent()).isNull();
        assertThat(new InputCounts(0, 0).pastedPercent()).isNull();
        assertThat(InputCounts.NONE.counted()).isFalse();
        assertThat(new InputCounts(0, 0).counted()).isTrue();
    }

    @Test
    void mostlyPastedMeansMorePastedThanTyped() {
        assertThat(new InputCounts(51, 50).mostlyPasted()).isTrue();
        assertThat(new InputCounts(50, 50).mostlyPasted()).isFalse();
        assertThat(new InputCounts(0, 0).mostlyPasted()).isFalse();
        assertThat(InputCounts.NONE.mostlyPasted()).isFalse();
    }

    @Test
    void negativeOrMistypedCountsAreRefusedNamingEachField() {
        assertThatThrownBy(() -> InputCounts.checked(-1, 3, Set.of("typedChars")))
                .isInstanceOfSatisfying(Refusal.class, refusal -> {
                    assertThat(refusal.getStatusCode().value()).isEqualTo(400);
                    assertThat(String.valueOf(refusal.property("errors"))).contains("pastedChars", "typedChars");
                });
        assertThat(InputCounts.checked(null, 0, Set.of())).isEqualTo(new InputCounts(null, 0));
    }
}
