package dev.feedloop.projects;

import java.time.Instant;
import java.util.Set;

/**
 * A project in the list of projects a person sees.
 *
 * @param roles the person's own roles in it (empty for an administrator who is not a member)
 */
public record ProjectSummary(
        long id,
        String slug,
        String name,
        String description,
        ProjectStatus status,
        Set<ProjectRole> roles,
        long members,
        Instant createdAt) {}
