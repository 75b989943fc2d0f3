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
        return Refusal.of(HttpStatus.BAD_REQUEST, "workqueue.error.invalid")
                .code("invalid-submission")
                .fieldErrors(problems);
    }

    /** A request field the work queue cannot read (400), with why. */
    public static Refusal invalidRequest(String field, String message) {
        return invalidSubmission(List.of(new Refusal.FieldError(field, message)));
    }

    /** A query parameter out of its range (administrators' lists): 400 naming it under {@code errors}. */
    static Refusal invalidParameter(String field, String message) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "workqueue.error.parameter")
                .detail("workqueue.error.parameter.detail", field, message)
                .code("invalid-parameter")
                .fieldErrors(List.of(new Refusal.FieldError(field, message)));
    }

    static Refusal unknownKind(String kind) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "workqueue.error.kind")
                .detail("workqueue.error.kind.detail", kind)
                .code("unknown-kind")
                .fieldErrors(List.of(new Refusal.FieldError("kind", "must be write or rank")));
    }

    static Refusal taskNotFound(long taskId) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text")
                .detail("workqueue.error.noTask.detail", taskId)
                .code("task-not-found");
    }

    static Refusal notYourTask(long taskId) {
        return Refusal.of(HttpStatus.FORBIDDEN, "workqueue.error.notYours")
                .detail("workqueue.error.notYours.detail", taskId)
                .code("not-your-task");
    }

    static Refusal roleMissing(long taskId) {
        return Refusal.of(HttpStatus.FORBIDDEN, "workqueue.error.roleMissing")
                .detail("workqueue.error.roleMissing.detail", taskId)
                .code("role-missing");
    }

    static Refusal wrongToken(long taskId) {
        return Refusal.of(HttpStatus.CONFLICT, "workqueue.error.wrongToken")
                .detail("workqueue.error.wrongToken.detail", taskId)
                .code("lease-not-held");
    }

    static Refusal leaseLost(long taskId) {
        return Refusal.of(HttpStatus.CONFLICT, "workqueue.error.leaseLost")
                .detail("workqueue.error.leaseLost.detail", taskId)
                .code("lease-lost");
    }

    static Refusal alreadySkipped(long taskId) {
        return Refusal.of(HttpStatus.CONFLICT, "workqueue.error.skipped")
                .detail("workqueue.error.skipped.detail", taskId)
                .code("already-skipped");
    }

    static Refusal alreadySubmitted(long taskId) {
        return Refusal.of(HttpStatus.CONFLICT, "workqueue.error.submitted")
                .detail("workqueue.error.submitted.detail", taskId)
                .code("already-submitted");
    }

    /**
     * A repeated submit under a lease whose judgment is stored already, with different content
     * (for {@link JudgmentRecorder#sameAs}): 409 naming the stored judgment; nothing was stored.
     */
    public static Refusal submitConflict(long taskId, long judgmentId) {
        return Refusal.of(HttpStatus.CONFLICT, "workqueue.error.submitConflict")
                .detail("workqueue.error.submitConflict.detail", taskId)
                .code("submit-conflict")
                .property("judgmentId", judgmentId);
    }

    /** The person is paused in the project (by gold accuracy or by hand): 409, no new tasks. */
    static Refusal paused(String slug) {
        return Refusal.of(HttpStatus.CONFLICT, "workqueue.error.paused")
                .detail("workqueue.error.paused.detail", slug)
                .code("member-paused");
    }

    static boolean isPaused(Refusal refusal) {
        return "member-paused".equals(refusal.property("code"));
    }

    static Refusal projectNotActive(String slug) {
        return Refusal.of(HttpStatus.CONFLICT, "workqueue.error.notActive")
                .detail("workqueue.error.notActive.detail", slug)
                .code("project-not-active");
    }

    static Refusal adminOnly() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text")
                .detail("workqueue.error.adminOnly.detail")
                .code("admin-only");
    }

    static Refusal noLease(long taskId) {
        return Refusal.of(HttpStatus.NOT_FOUND, "workqueue.error.noLease")
                .detail("workqueue.error.noLease.detail", taskId)
                .code("no-lease");
    }

    /** A request for extra rankings with a count out of range: 422 naming {@code count}. */
    static Refusal extraCount(int count, int max) {
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "workqueue.error.extraCount", max)
                .detail("workqueue.error.extraCount.detail", count, max)
                .code("invalid-count")
                .field("count");
    }

    /** Extra rankings for an item with fewer than two candidates: nothing to rank (422). */
    static Refusal extraTooFew(String externalId) {
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "workqueue.error.extraTooFew")
                .detail("workqueue.error.extraTooFew.detail", externalId)
                .code("too-few-candidates");
    }

    /** Extra rankings for a gold item, whose rank tasks are made per person (422). */
    static Refusal extraForGold(String externalId) {
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "workqueue.error.extraGold")
                .detail("workqueue.error.extraGold.detail", externalId)
                .code("gold-item");
    }
}
