package dev.feedloop.labeling;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A model's critique of a writer's answer ("Check my answer"). Untrusted model output: pages show
 * {@code problems} as text and {@code text} only through the safe markdown renderer.
 *
 * @param problems the problems read from the model's JSON answer; {@code null} when the answer was
 *     not such a list (then {@code text} is shown as it came); empty when the model found none
 * @param text the model's answer as it came
 * @param checkedText the writer's text that was checked
 */
public record Critique(
        long id,
        @Nullable List<Problem> problems,
        String text,
        String checkedText,
        String endpointName,
        String model,
        Instant createdAt) {

    /** The kinds of problem a critique names. */
    public static final List<String> KINDS = List.of("factual", "missing", "guideline", "format");

    /**
     * One concrete problem.
     *
     * @param kind one of {@link #KINDS}, or {@code null} when the model named another
     */
    public record Problem(@Nullable String kind, String text) {}

    /** Whether the model's answer was read as a list of problems. */
    public boolean listed() {
        return problems != null;
    }
}
