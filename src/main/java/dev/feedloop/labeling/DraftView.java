package dev.feedloop.labeling;

import java.time.Instant;

/**
 * The text a labeler is writing for a task, as last saved.
 *
 * @param basedOnCandidateId the candidate started from, named as the task shows it (its label when
 *     the project hides model names)
 */
public record DraftView(long taskId, String content, String basedOnCandidateId, Instant updatedAt) {}
