/**
 * Write tasks: demonstrations (the ideal answers labelers write) and the drafts saved while they
 * type. Stores what {@link dev.feedloop.workqueue.WorkQueue} accepts for {@link
 * dev.feedloop.workqueue.TaskKind#WRITE} tasks. Fix tasks (write tasks made from production feedback,
 * {@link dev.feedloop.labeling.FixTasks}) show the bad reply, a word diff against it and "not a real
 * failure".
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Labeling",
        allowedDependencies = {
            "accounts",
            "projects",
            "ingest",
            "workqueue",
            "generation",
            "feedback",
            "rendering",
            "problems"
        })
package dev.feedloop.labeling;
