package dev.feedloop.rendering;

/**
 * One line of a line diff between two versions of a text.
 *
 * @param kind whether the line is in both, only the old or only the new version
 * @param oldNumber 1-based line number in the old version, or {@code null} for an added line
 * @param newNumber 1-based line number in the new version, or {@code null} for a removed line
 * @param text the line without its line break (plain text: escape it when rendering)
 */
public record DiffLine(Kind kind, Integer oldNumber, Integer newNumber, String text) {

    public enum Kind {
        SAME,
        ADDED,
        REMOVED,
        /** Stands for unchanged lines left out between two changes. */
        SKIPPED
    }
}
