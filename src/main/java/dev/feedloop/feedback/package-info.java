/**
 * Feedback from production: project intake tokens, the intake of rated conversations (one at a
 * time or as JSON Lines), and fix tasks. A failure (thumbs-down, or a score below the project's
 * threshold) becomes an item made through {@link dev.feedloop.ingest.SubmittedItems} whose
 * conversation is the one before the bad reply, with the bad reply as its one candidate and a write
 * slot ({@link dev.feedloop.workqueue.WriteSlots}) that labelers fix like any write task. Beside the
 * work queue like generation: labeling and review read {@link dev.feedloop.feedback.Fixes} to show
 * the bad reply, and this module never uses them.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Feedback",
        allowedDependencies = {"accounts", "projects", "ingest", "workqueue", "problems", "audit"})
package dev.feedloop.feedback;
