package dev.feedloop.workqueue;

import dev.feedloop.projects.GuidelineView;
import dev.feedloop.projects.ProjectSettings;
import java.util.Optional;

/**
 * What a task page opens with ({@link WorkQueue#open}): the project, its current guidelines and the
 * task leased to the person, empty when nothing is left for them.
 */
public record NextTask(ProjectSettings project, GuidelineView guidelines, Optional<ClaimedTask> task) {}
