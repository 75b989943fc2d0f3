package dev.feedloop.workqueue;

import dev.feedloop.projects.ProjectSettings;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A submit the work queue accepted for storing, handed to the {@link JudgmentRecorder} of the
 * task's kind.
 *
 * @param project the project's settings, to validate the judgment against
 * @param leaseToken the lease the judgment was made under; (task, lease token) is unique among
 *     judgments
 * @param late the lease had been lost to someone else: store the judgment as an extra one, marked
 *     late
 * @param displayedOrder for rank tasks the candidates' external ids in the order they were shown;
 *     {@code null} for write tasks
 * @param candidateIds the names the body uses for candidates ({@link ShownCandidate#id()}: import
 *     ids, or opaque labels when the project hides model names), in the order shown, each mapped to
 *     the candidate's id given at import; recorders accept only these names and store import ids
 * @param guidelineVersion the guideline version shown with the lease
 * @param claimedAt when the person took the task
 * @param activeSeconds active time the page reported, or {@code null}
 * @param submission what the person submitted; the recorder reads its kind's fields ({@link
 *     Submission#asWrite()}, {@link Submission#asRank()})
 */
public record JudgmentToRecord(
        long taskId,
        long itemId,
        ProjectSettings project,
        long userId,
        UUID leaseToken,
        boolean late,
        List<String> displayedOrder,
        Map<String, String> candidateIds,
        Integer guidelineVersion,
        Instant claimedAt,
        Integer activeSeconds,
        Submission submission) {}
