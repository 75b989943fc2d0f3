package dev.feedloop.accounts;

import java.time.Instant;

/** A user as other modules and pages see it: never the password hash. */
public record UserView(
        long id,
        String username,
        String displayName,
        boolean admin,
        boolean enabled,
        String locale,
        Instant createdAt) {}
