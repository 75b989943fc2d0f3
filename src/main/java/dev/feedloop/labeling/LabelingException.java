package dev.feedloop.labeling;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A labeling use case refused a request. Renders as an RFC 9457 problem whose {@code code}
 * property names the case for programs; pages show {@link #messageCode()} from the message bundle.
 */
public class LabelingException extends ErrorResponseException {

    private final String messageCode;

    LabelingException(HttpStatus status, String code, String messageCode, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
        this.messageCode = messageCode;
        getBody().setProperty("code", code);
    }

    /** Key of the message to show on pages. */
    public String messageCode() {
        return messageCode;
    }

    /**
     * A draft save named a version other than the stored one: another tab or device saved a newer
     * draft of the task. 409 with the stored version under {@code currentVersion}.
     */
    static LabelingException draftConflict(long taskId, long currentVersion) {
        var exception = new LabelingException(
                HttpStatus.CONFLICT,
                "draft-conflict",
                "labeling.draft.conflict",
                "The draft of task " + taskId + " was saved from another tab or device (version " + currentVersion
                        + "); load it or save again naming that version. Nothing was saved.");
        exception.getBody().setProperty("currentVersion", currentVersion);
        return exception;
    }
}
