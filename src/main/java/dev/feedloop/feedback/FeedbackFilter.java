package dev.feedloop.feedback;

/**
 * What a feedback list shows; every part is optional.
 *
 * @param state one state only
 * @param rating {@code up}, {@code down}, {@code score} (any score), {@code failure} or {@code good}
 * @param model one model exactly
 * @param tag feedback carrying this tag
 */
public record FeedbackFilter(FeedbackState state, String rating, String model, String tag) {

    public static final FeedbackFilter ALL = new FeedbackFilter(null, null, null, null);

    public FeedbackFilter {
        rating = blank(rating);
        model = blank(model);
        tag = blank(tag);
        if (rating != null
                && !java.util.Set.of("up", "down", "score", "failure", "good").contains(rating)) {
            throw FeedbackRefusals.invalidParameter("rating", "must be up, down, score, failure or good");
        }
    }

    /** A filter from request parameters, any of them blank or missing; a state must be one of {@link FeedbackState}'s codes. */
    public static FeedbackFilter parse(String state, String rating, String model, String tag) {
        return new FeedbackFilter(
                state == null || state.isBlank() ? null : FeedbackState.parse(state), rating, model, tag);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
