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
}
