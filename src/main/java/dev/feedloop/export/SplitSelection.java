package dev.feedloop.export;

import java.util.Arrays;
import java.util.Optional;

/** Which part of the train/test split an export holds. */
public enum SplitSelection {
    ALL("all"),
    TRAIN("train"),
    TEST("test");

    private final String key;

    SplitSelection(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<SplitSelection> of(String key) {
        return Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }
}
