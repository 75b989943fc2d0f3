package dev.feedloop.labeling;

import dev.feedloop.projects.GuidelineView;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.workqueue.ClaimedTask;
import java.util.Optional;

/**
 * What the write page shows ({@link WriteTasks#open}).
 *
 * @param today answers the labeler wrote in this project today
 * @param task the task to write for, empty when nothing is left
 * @param draft the labeler's saved draft of {@code task}, with the candidate it is based on named
 *     as the task shows it
 */
public record WriteTaskView(
        ProjectSettings project,
        int today,
        GuidelineView guidelines,
        Optional<ClaimedTask> task,
        Optional<DraftView> draft) {}
