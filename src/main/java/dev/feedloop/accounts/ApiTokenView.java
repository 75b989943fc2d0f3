package dev.feedloop.accounts;

import java.time.Instant;

/** A personal API token as listed: its visible prefix, never the secret. */
public record ApiTokenView(
        long id, String name, String prefix, Instant createdAt, Instant lastUsedAt, Instant revokedAt)
        implements java.io.Serializable {

    public boolean revoked() {
        return revokedAt != null;
    }
}
