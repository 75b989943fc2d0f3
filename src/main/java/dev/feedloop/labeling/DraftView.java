package dev.feedloop.labeling;

import java.time.Instant;

/**
 * The text a labeler is writing for a task, as last saved.
 *
 * @param basedOnCandidateId the candidate started from, named as the task shows it (its label when
 *     the project hides model names)
 * @param version raised by every save that changed the draft; the next save names it
 */
public record DraftView(long taskId, String content, String basedOnCandidateId, long version, Instant updatedAt) {}
