package dev.feedloop.projects;

import java.time.Instant;

/** One entry of the guidelines history: who saved which version when, and how long it is. */
public record GuidelineVersionView(int version, Long authorId, String authorName, Instant createdAt, int characters) {}
