package dev.feedloop.feedback;

import dev.feedloop.problems.Refusal;
import dev.feedloop.problems.Refusal.FieldError;
import java.util.List;
import org.springframework.http.HttpStatus;

/** The refusals of the feedback use cases. */
final class FeedbackRefusals {

    private FeedbackRefusals() {}

    static Refusal adminOnly() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text").detail("feedback.error.adminOnly.detail");
    }

    static Refusal readersOnly() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text").detail("feedback.error.readersOnly.detail");
    }

    static Refusal otherProject() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text").detail("feedback.error.otherProject.detail");
    }

    static Refusal tokenNotFound(long id) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("feedback.error.noToken.detail", id);
    }

    static Refusal noSuchFeedback(String traceId) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("feedback.error.noFeedback.detail", traceId);
    }

    static Refusal invalid(List<FieldError> errors) {
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "feedback.error.invalid")
                .code("invalid-feedback")
                .fieldErrors(errors);
    }

    static Refusal tooLarge(long limitBytes) {
        return Refusal.of(HttpStatus.CONTENT_TOO_LARGE, "feedback.error.tooLarge", limitBytes)
                .code("too-large");
    }

    static Refusal tooManyLines(int limit) {
        return Refusal.of(HttpStatus.CONTENT_TOO_LARGE, "feedback.error.tooManyLines", limit)
                .code("too-many-lines");
    }

    static Refusal rateLimited(long retryAfterSeconds) {
        Refusal refusal = Refusal.of(HttpStatus.TOO_MANY_REQUESTS, "feedback.error.rateLimited", retryAfterSeconds)
                .code("rate-limited")
                .property("retryAfterSeconds", retryAfterSeconds);
        refusal.getHeaders().set("Retry-After", Long.toString(retryAfterSeconds));
        return refusal;
    }

    static Refusal invalidParameter(String field, String message) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "feedback.error.parameter", field, message)
                .fieldErrors(List.of(new FieldError(field, message)));
    }

    static Refusal reasonRequired() {
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "feedback.error.reasonRequired")
                .field("reason");
    }

    static Refusal notAFixTask(long taskId) {
        return Refusal.of(HttpStatus.NOT_FOUND, "feedback.error.notAFixTask")
                .detail("feedback.error.notAFixTask.detail", taskId);
    }

    static Refusal reasonTooLong(int limit) {
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "feedback.error.reasonTooLong", limit)
                .field("reason");
    }

    static Refusal alreadyFixed(long taskId) {
        return Refusal.of(HttpStatus.CONFLICT, "feedback.error.alreadyFixed")
                .detail("feedback.error.alreadyFixed.detail", taskId)
                .code("already-submitted");
    }
}
