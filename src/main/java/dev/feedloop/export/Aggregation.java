package dev.feedloop.export;

import java.util.Arrays;
import java.util.Optional;

/** How several rankings of one item become preference lines. */
public enum Aggregation {
    /** Every ranking's own pairs (or labels): one line per ranking and pair. */
    RAW("raw"),
    /**
     * Pairs (or labels) that a strict majority of the item's annotators agree on, once per item,
     * with the agreement in the line's metadata.
     */
    MAJORITY("majority");

    private final String key;

    Aggregation(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<Aggregation> of(String key) {
        return Arrays.stream(values()).filter(a -> a.key.equals(key)).findFirst();
    }
}
