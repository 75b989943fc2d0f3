package dev.feedloop.export;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Whose judgments an export takes. A person is <b>trusted</b> at the export's instant when they are
 * not paused in the project then and their gold accuracy over every gold ranking they submitted up
 * to that instant is at or above the project's gold threshold; with fewer gold judgments than the
 * project's minimum (or no gold pairs) they are trusted. For SFT the person is the writer of the
 * exported text: a demonstration's author, or the reviewer who wrote an edit.
 */
public enum AnnotatorPolicy {
    /** Everyone's judgments (the default). */
    ALL("all"),
    /** Only trusted people's judgments; the rest are left out before any aggregation or minimum. */
    TRUSTED("trusted");

    private final String key;

    AnnotatorPolicy(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<AnnotatorPolicy> of(String key) {
        return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
    }

    /** The keys a client may send, in order. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(AnnotatorPolicy::key).toList();
    }
}
