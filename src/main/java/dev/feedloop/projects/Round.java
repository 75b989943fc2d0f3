package dev.feedloop.projects;

import java.time.Instant;

/**
 * One round of a project's improvement loop: its name (unique in the project, such as {@code
 * 2026-w49}), the model version under test and its window {@code [startsAt, endsAt)}. What came in
 * during the window belongs to the round: items by their creation, feedback by its receipt,
 * candidates by their creation and judgments by their submission. There is no round column on
 * them, so editing a window moves them with it.
 *
 * @param endsAt {@code null} for the open (current) round
 */
public record Round(String name, String modelVersion, Instant startsAt, Instant endsAt) {

    /** Whether {@code instant} lies in the window. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(startsAt) && (endsAt == null || instant.isBefore(endsAt));
    }

    /** Whether the round has no end yet. */
    public boolean open() {
        return endsAt == null;
    }
}
