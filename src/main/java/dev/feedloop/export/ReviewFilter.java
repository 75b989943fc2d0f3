package dev.feedloop.export;

import java.util.Arrays;
import java.util.Optional;

/**
 * Which demonstrations an SFT export takes, by the newest review decision at the export's instant.
 * A demonstration whose newest decision is EDITED is never exported itself: the reviewer's edited
 * version (a demonstration that revises it, approved by its author's review) takes its place.
 */
public enum ReviewFilter {
    /** Approved demonstrations and reviewers' edits only (the default). */
    APPROVED("approved"),
    /** Approved and not yet reviewed. */
    APPROVED_PENDING("approved-pending"),
    /** Everything, rejected ones included (each line says its review state). */
    ALL("all");

    private final String key;

    ReviewFilter(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Optional<ReviewFilter> of(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }
}
