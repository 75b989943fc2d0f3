package dev.feedloop.labeling;

import java.time.Instant;

/** The text a labeler is writing for a task, as last saved. */
public record DraftView(long taskId, String content, String basedOnCandidateId, Instant updatedAt) {}
