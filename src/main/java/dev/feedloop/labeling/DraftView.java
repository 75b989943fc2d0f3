package dev.feedloop.labeling;

import java.time.Instant;

/**
 * The text a labeler is writing for a task, as last saved.
 *
 * @param basedOnCandidateId the candidate started from, named as the task shows it (its label when
 *     the project hides model names)
 * @param version raised by every save that changed the draft; the next save names it
 * @param input characters pasted and typed into the editor over the draft's life, as last saved
 */
public record DraftView(
        long taskId, String content, String basedOnCandidateId, long version, Instant updatedAt, InputCounts input) {}
