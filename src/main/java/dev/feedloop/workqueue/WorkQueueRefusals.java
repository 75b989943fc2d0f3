package dev.feedloop.workqueue;

import dev.feedloop.problems.Refusal;
import java.util.List;
import org.springframework.http.HttpStatus;

/** The refusals of the work queue's use cases; the problem's {@code code} names each case for programs. */
public final class WorkQueueRefusals {

    private WorkQueueRefusals() {}

    /**
     * A submit whose kind-specific content is invalid (for {@link JudgmentRecorder}s): 400 with the
     * problems listed under {@code errors}.
     */
    public static Refusal invalidSubmission(List<Refusal.FieldError> problems) {
        var exception = Refusal.of(
                        HttpStatus.BAD_REQUEST,
                        "workqueue.error.invalid",
                        "The submission has invalid fields; nothing was stored.")
                .code("invalid-submission");
        return exception.fieldErrors(problems);
    }

    /** A request field the work queue cannot read (400), with why. */
    public static Refusal invalidRequest(String field, String message) {
        return invalidSubmission(List.of(new Refusal.FieldError(field, message)));
    }

    /** A query parameter out of its range (administrators' lists): 400 naming it under {@code errors}. */
    static Refusal invalidParameter(String field, String message) {
        var exception = Refusal.of(
                        HttpStatus.BAD_REQUEST,
                        "workqueue.error.parameter",
                        "The parameter '" + field + "' is invalid: " + message + ".")
                .code("invalid-parameter");
        return exception.fieldErrors(List.of(new Refusal.FieldError(field, message)));
    }

    static Refusal unknownKind(String kind) {
        var exception = Refusal.of(
                        HttpStatus.BAD_REQUEST,
                        "workqueue.error.kind",
                        "Unknown task kind '" + kind + "': use write or rank.")
                .code("unknown-kind");
        return exception.fieldErrors(List.of(new Refusal.FieldError("kind", "must be write or rank")));
    }

    static Refusal taskNotFound(long taskId) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text", "No task " + taskId + ".")
                .code("task-not-found");
    }

    static Refusal notYourTask(long taskId) {
        return Refusal.of(
                        HttpStatus.FORBIDDEN,
                        "workqueue.error.notYours",
                        "Task " + taskId + " was never leased to you; nothing was stored.")
                .code("not-your-task");
    }

    static Refusal roleMissing(long taskId) {
        return Refusal.of(
                        HttpStatus.FORBIDDEN,
                        "workqueue.error.roleMissing",
                        "You do not hold the project role for task " + taskId + " (any more); nothing was stored.")
                .code("role-missing");
    }

    static Refusal wrongToken(long taskId) {
        return Refusal.of(
                        HttpStatus.CONFLICT,
                        "workqueue.error.wrongToken",
                        "This lease token does not belong to your lease on task " + taskId + "; nothing was stored.")
                .code("lease-not-held");
    }

    static Refusal leaseLost(long taskId) {
        return Refusal.of(
                        HttpStatus.CONFLICT,
                        "workqueue.error.leaseLost",
                        "Your lease on task " + taskId
                                + " ended and someone else holds the task now; submit your work, it will be kept.")
                .code("lease-lost");
    }

    static Refusal alreadySkipped(long taskId) {
        return Refusal.of(
                        HttpStatus.CONFLICT,
                        "workqueue.error.skipped",
                        "You skipped task " + taskId + "; it cannot be submitted any more.")
                .code("already-skipped");
    }

    static Refusal alreadySubmitted(long taskId) {
        return Refusal.of(
                        HttpStatus.CONFLICT, "workqueue.error.submitted", "You already submitted task " + taskId + ".")
                .code("already-submitted");
    }

    /**
     * A repeated submit under a lease whose judgment is stored already, with different content
     * (for {@link JudgmentRecorder#sameAs}): 409 naming the stored judgment; nothing was stored.
     */
    public static Refusal submitConflict(long taskId, long judgmentId) {
        var exception = Refusal.of(
                        HttpStatus.CONFLICT,
                        "workqueue.error.submitConflict",
                        "Task " + taskId + " was already submitted under this lease with different content"
                                + " (from another tab or device); this submit was not stored.")
                .code("submit-conflict");
        exception.getBody().setProperty("judgmentId", judgmentId);
        return exception;
    }

    static Refusal projectNotActive(String slug) {
        return Refusal.of(
                        HttpStatus.CONFLICT,
                        "workqueue.error.notActive",
                        "Project '" + slug + "' is not active, so it hands out no work.")
                .code("project-not-active");
    }

    static Refusal adminOnly() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text", "Only administrators may do this.")
                .code("admin-only");
    }

    static Refusal noLease(long taskId) {
        return Refusal.of(HttpStatus.NOT_FOUND, "workqueue.error.noLease", "Task " + taskId + " is not leased.")
                .code("no-lease");
    }
}
