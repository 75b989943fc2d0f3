package dev.feedloop.projects;

import java.time.Instant;

/**
 * Why and since when a member gets no new tasks in a project.
 *
 * @param reason {@code GOLD} (their gold accuracy fell below the project's threshold) or {@code
 *     MANUAL} (an administrator paused them)
 * @param accuracy the gold accuracy that paused them (0 to 1), or {@code null} for a manual pause
 * @param judgments the gold judgments that accuracy was computed from, or {@code null}
 */
public record Pause(Instant at, String reason, Double accuracy, Integer judgments) {

    public static final String GOLD = "GOLD";
    public static final String MANUAL = "MANUAL";

    /** The accuracy as a whole percentage, for pages; {@code null} for a manual pause. */
    public Long accuracyPercent() {
        return accuracy == null ? null : Math.round(accuracy * 100);
    }
}
