/**
 * Rank tasks: rankings of K candidates (tiers best to worst, ties where the project allows them, or
 * "none acceptable"), with ratings on the project's dimensions, flags and a rationale. Stores what
 * {@link dev.feedloop.workqueue.WorkQueue} accepts for {@link dev.feedloop.workqueue.TaskKind#RANK}
 * tasks.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Ranking",
        allowedDependencies = {"accounts", "projects", "ingest", "workqueue", "rendering", "problems"})
package dev.feedloop.ranking;
