package dev.feedloop.projects;

import java.time.Instant;

/**
 * One version of a project's guidelines. Version 0 with empty content stands for "no guidelines
 * written yet".
 */
public record GuidelineView(long projectId, int version, String content, Long authorId, Instant createdAt) {}
