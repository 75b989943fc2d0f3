package dev.feedloop.workqueue;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A work queue use case refused a request. Renders as an RFC 9457 problem whose {@code code}
 * property names the case for programs ({@code lease-not-held}, {@code invalid-submission}, …);
 * pages show {@link #messageCode()} from the message bundle.
 */
public class WorkQueueException extends ErrorResponseException {

    private final String messageCode;

    WorkQueueException(HttpStatus status, String code, String messageCode, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
        this.messageCode = messageCode;
        getBody().setProperty("code", code);
    }

    /** Key of the message to show on pages. */
    public String messageCode() {
        return messageCode;
    }

    /**
     * A submit whose kind-specific content is invalid (for {@link JudgmentRecorder}s): 400 with the
     * problems listed under {@code errors}.
     */
    public static WorkQueueException invalidSubmission(List<FieldProblem> problems) {
        var exception = new WorkQueueException(
                HttpStatus.BAD_REQUEST,
                "invalid-submission",
                "workqueue.error.invalid",
                "The submission has invalid fields; nothing was stored.");
        exception
                .getBody()
                .setProperty(
                        "errors",
                        problems.stream()
                                .map(p -> Map.of("field", p.field(), "message", p.message()))
                                .toList());
        return exception;
    }

    static WorkQueueException invalidRequest(String field, String message) {
        return invalidSubmission(List.of(new FieldProblem(field, message)));
    }

    /** A query parameter out of its range (administrators' lists): 400 naming it under {@code errors}. */
    static WorkQueueException invalidParameter(String field, String message) {
        var exception = new WorkQueueException(
                HttpStatus.BAD_REQUEST,
                "invalid-parameter",
                "workqueue.error.parameter",
                "The parameter '" + field + "' is invalid: " + message + ".");
        exception.getBody().setProperty("errors", List.of(Map.of("field", field, "message", message)));
        return exception;
    }

    static WorkQueueException unknownKind(String kind) {
        var exception = new WorkQueueException(
                HttpStatus.BAD_REQUEST,
                "unknown-kind",
                "workqueue.error.kind",
                "Unknown task kind '" + kind + "': use write or rank.");
        exception.getBody().setProperty("errors", List.of(Map.of("field", "kind", "message", "must be write or rank")));
        return exception;
    }

    static WorkQueueException taskNotFound(long taskId) {
        return new WorkQueueException(
                HttpStatus.NOT_FOUND, "task-not-found", "error.404.text", "No task " + taskId + ".");
    }

    static WorkQueueException notYourTask(long taskId) {
        return new WorkQueueException(
                HttpStatus.FORBIDDEN,
                "not-your-task",
                "workqueue.error.notYours",
                "Task " + taskId + " was never leased to you; nothing was stored.");
    }

    static WorkQueueException roleMissing(long taskId) {
        return new WorkQueueException(
                HttpStatus.FORBIDDEN,
                "role-missing",
                "workqueue.error.roleMissing",
                "You do not hold the project role for task " + taskId + " (any more); nothing was stored.");
    }

    static WorkQueueException wrongToken(long taskId) {
        return new WorkQueueException(
                HttpStatus.CONFLICT,
                "lease-not-held",
                "workqueue.error.wrongToken",
                "This lease token does not belong to your lease on task " + taskId + "; nothing was stored.");
    }

    static WorkQueueException leaseLost(long taskId) {
        return new WorkQueueException(
                HttpStatus.CONFLICT,
                "lease-lost",
                "workqueue.error.leaseLost",
                "Your lease on task " + taskId
                        + " ended and someone else holds the task now; submit your work, it will be kept.");
    }

    static WorkQueueException alreadySkipped(long taskId) {
        return new WorkQueueException(
                HttpStatus.CONFLICT,
                "already-skipped",
                "workqueue.error.skipped",
                "You skipped task " + taskId + "; it cannot be submitted any more.");
    }

    static WorkQueueException alreadySubmitted(long taskId) {
        return new WorkQueueException(
                HttpStatus.CONFLICT,
                "already-submitted",
                "workqueue.error.submitted",
                "You already submitted task " + taskId + ".");
    }

    /**
     * A repeated submit under a lease whose judgment is stored already, with different content
     * (for {@link JudgmentRecorder#sameAs}): 409 naming the stored judgment; nothing was stored.
     */
    public static WorkQueueException submitConflict(long taskId, long judgmentId) {
        var exception = new WorkQueueException(
                HttpStatus.CONFLICT,
                "submit-conflict",
                "workqueue.error.submitConflict",
                "Task " + taskId + " was already submitted under this lease with different content"
                        + " (from another tab or device); this submit was not stored.");
        exception.getBody().setProperty("judgmentId", judgmentId);
        return exception;
    }

    static WorkQueueException projectNotActive(String slug) {
        return new WorkQueueException(
                HttpStatus.CONFLICT,
                "project-not-active",
                "workqueue.error.notActive",
                "Project '" + slug + "' is not active, so it hands out no work.");
    }

    static WorkQueueException adminOnly() {
        return new WorkQueueException(
                HttpStatus.FORBIDDEN, "admin-only", "error.403.text", "Only administrators may do this.");
    }

    static WorkQueueException noLease(long taskId) {
        return new WorkQueueException(
                HttpStatus.NOT_FOUND, "no-lease", "workqueue.error.noLease", "Task " + taskId + " is not leased.");
    }
}
