package dev.feedloop.labeling;

import java.time.Instant;

/**
 * A stored demonstration.
 *
 * @param basedOnCandidateId external id of the candidate the labeler started from, or {@code null}
 * @param late stored after the labeler's lease had gone to someone else: an extra judgment
 * @param startedAt when the labeler took the task
 * @param input how much of the answer was pasted and how much typed in the write page's editor;
 *     {@link InputCounts#NONE} when not counted
 */
public record DemonstrationView(
        long id,
        long taskId,
        long itemId,
        long projectId,
        long authorId,
        String content,
        String basedOnCandidateId,
        Integer guidelineVersion,
        boolean late,
        Instant startedAt,
        Instant submittedAt,
        Integer activeSeconds,
        InputCounts input) {}
