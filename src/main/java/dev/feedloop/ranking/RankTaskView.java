package dev.feedloop.ranking;

import dev.feedloop.projects.GuidelineView;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.workqueue.ClaimedTask;
import java.util.Optional;

/**
 * What the rank page shows ({@link RankTasks#open}).
 *
 * @param today rankings the annotator made in this project today
 * @param task the task to rank, empty when nothing is left
 */
public record RankTaskView(ProjectSettings project, int today, GuidelineView guidelines, Optional<ClaimedTask> task) {}
