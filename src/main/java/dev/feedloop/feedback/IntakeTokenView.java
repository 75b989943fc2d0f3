package dev.feedloop.feedback;

import java.time.Instant;

/** An intake token as lists show it: never its secret. */
public record IntakeTokenView(
        long id, String name, String prefix, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {}
