package dev.feedloop.labeling;

import dev.feedloop.problems.Refusal;
import org.springframework.http.HttpStatus;

/** The refusals of the labeling use cases. */
final class LabelingRefusals {

    private LabelingRefusals() {}

    /**
     * A draft save named a version other than the stored one: another tab or device saved a newer
     * draft of the task. 409 with the stored version under {@code currentVersion}.
     */
    static Refusal draftConflict(long taskId, long currentVersion) {
        return Refusal.of(HttpStatus.CONFLICT, "labeling.draft.conflict")
                .detail("labeling.draft.conflict.detail", taskId, currentVersion)
                .code("draft-conflict")
                .property("currentVersion", currentVersion);
    }

    /** A fix task's request (the word diff against the bad reply) for a task that is no fix task: 404. */
    static Refusal notAFixTask(long taskId) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("feedback.error.notAFixTask.detail", taskId);
    }
}
