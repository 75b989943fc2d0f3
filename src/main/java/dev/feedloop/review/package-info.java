/**
 * Review of demonstrations: reviewers approve, reject (with a comment; the task goes back to the
 * queue for another labeler) or edit and approve (the edit is stored as a new demonstration that
 * revises the original). Decisions are append-only rows; the newest counts. Also everyone's own
 * history of judgments with their review outcomes.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Review")
package dev.feedloop.review;
