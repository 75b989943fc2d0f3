package dev.feedloop.projects;

import java.time.Instant;
import java.util.Set;

/**
 * A member of a project with their project roles.
 *
 * @param pause why and since when they get no new tasks, or {@code null} when they are not paused
 * @param reinstatedAt when an administrator last reinstated them (gold accuracy for pausing counts
 *     from then), or {@code null}
 */
public record MemberView(
        long userId,
        String username,
        String displayName,
        boolean enabled,
        Set<ProjectRole> roles,
        Instant addedAt,
        Pause pause,
        Instant reinstatedAt) {}
