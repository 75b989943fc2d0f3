package dev.feedloop.ingest;

import java.time.Instant;

/**
 * Whether an item is left out of exports and snapshots, and if so since when, by whom and why.
 *
 * @param excludedAt null when the item is exported as usual
 * @param excludedBy the username of the administrator who excluded it (null when not excluded, or
 *     when that account was deleted)
 * @param reason optional, as the administrator gave it
 */
public record ItemExclusion(String externalId, Instant excludedAt, String excludedBy, String reason) {

    /** Longest reason kept. */
    public static final int MAX_REASON = 1000;

    public boolean excluded() {
        return excludedAt != null;
    }
}
