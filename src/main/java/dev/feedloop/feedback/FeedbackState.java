package dev.feedloop.feedback;

/**
 * Where a feedback is in the loop, derived from its fix task each time it is read.
 *
 * <ul>
 *   <li>{@code RECEIVED}: stored without a fix task (good feedback);
 *   <li>{@code TASK_OPEN}: its fix task waits for a writer (or its fix was rejected);
 *   <li>{@code FIXED}: a writer submitted a fix, waiting for review;
 *   <li>{@code APPROVED}: a reviewer approved the fix (or edited and approved it);
 *   <li>{@code NOT_A_FAILURE}: the writer said the reply was not a real failure, with a reason.
 * </ul>
 */
public enum FeedbackState {
    RECEIVED,
    TASK_OPEN,
    FIXED,
    APPROVED,
    NOT_A_FAILURE;

    /** The name in URLs and JSON: {@code task_open}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static FeedbackState parse(String code) {
        for (FeedbackState state : values()) {
            if (state.code().equalsIgnoreCase(code)) {
                return state;
            }
        }
        throw FeedbackRefusals.invalidParameter(
                "state", "must be one of received, task_open, fixed, approved, not_a_failure");
    }
}
