package dev.feedloop.export;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Whether a preference export carries the project's machine judgments (judge runs, table {@code
 * machine_judgment}) beside people's. Included judgments give their own lines (and, in {@code
 * rankings}, their own entries) marked {@code "judge": true}; they never count as annotators for
 * majorities, the minimum of annotators or the annotator policy.
 */
public enum JudgePolicy {
    /** People's judgments only (the default). */
    EXCLUDE("exclude"),
    /** Machine judgments too, each marked as the judge's. */
    INCLUDE("include");

    private final String key;

    JudgePolicy(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<JudgePolicy> of(String key) {
        return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
    }

    /** The keys a client may send, in order. */
    public static List<String> keys() {
        return Arrays.stream(values()).map(JudgePolicy::key).toList();
    }
}
