package dev.feedloop.projects;

import java.time.Instant;
import java.util.Set;

/** A member of a project with their project roles. */
public record MemberView(
        long userId, String username, String displayName, boolean enabled, Set<ProjectRole> roles, Instant addedAt) {}
