package dev.feedloop.projects;

import java.time.Instant;

/**
 * A round as an administrator asks for it, not yet checked.
 *
 * @param endsAt {@code null} keeps the round open
 */
public record RoundDefinition(String name, String modelVersion, Instant startsAt, Instant endsAt) {}
