/**
 * Review of demonstrations: reviewers approve, reject (with a comment; the task goes back to the
 * queue for another labeler) or edit and approve (the edit is stored as a new demonstration that
 * revises the original). A decision is an append-only row, and there is at most one per
 * demonstration: a second one is refused. A rejection is announced as {@link
 * dev.feedloop.workqueue.DemonstrationRejected}, which the work queue acts on.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Review",
        allowedDependencies = {
            "accounts",
            "projects",
            "ingest",
            "workqueue",
            "labeling",
            "feedback",
            "rendering",
            "problems"
        })
package dev.feedloop.review;
