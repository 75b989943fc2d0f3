package dev.feedloop.projects;

/**
 * A member of a project was paused: they get no new tasks there until reinstated. Published in the
 * pause's transaction, only when the member was not paused already.
 *
 * @param reason {@code MANUAL} (an administrator) or {@code GOLD} (gold accuracy below the
 *     project's threshold)
 * @param accuracy the gold accuracy for {@code GOLD}, else {@code null}
 */
public record MemberPaused(long projectId, long userId, String reason, Double accuracy) {}
