/**
 * Write tasks: demonstrations (the ideal answers labelers write) and the drafts saved while they
 * type. Stores what {@link dev.feedloop.workqueue.WorkQueue} accepts for {@link
 * dev.feedloop.workqueue.TaskKind#WRITE} tasks.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Labeling",
        allowedDependencies = {"accounts", "projects", "ingest", "workqueue", "generation", "rendering", "problems"})
package dev.feedloop.labeling;
