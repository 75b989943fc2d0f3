/**
 * The work queue: one task (work slot) per required judgment, handed out with leases. {@link
 * dev.feedloop.workqueue.WorkQueue} claims the next task for a person (their own lease first, then
 * the highest-priority, oldest claimable task of an item they have not had), extends, releases and
 * skips leases, and takes submits, which it hands to the {@link
 * dev.feedloop.workqueue.JudgmentRecorder} of the task's kind inside its transaction. Slots are
 * created from {@link dev.feedloop.ingest.ItemsImported} and reconciled on {@link
 * dev.feedloop.projects.ProjectSettingsChanged}; the task of a rejected on-time demonstration is
 * reopened on {@link dev.feedloop.workqueue.DemonstrationRejected}. {@link
 * dev.feedloop.workqueue.ProjectProgress} is the project overview. The pages' heartbeats and skips
 * are in {@code workqueue.web}. Everything lives in PostgreSQL: several servers on one database
 * behave as one.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Work queue",
        allowedDependencies = {"accounts", "projects", "ingest", "problems"})
package dev.feedloop.workqueue;
