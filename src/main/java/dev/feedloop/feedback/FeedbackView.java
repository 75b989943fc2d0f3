package dev.feedloop.feedback;

import dev.feedloop.ingest.Message;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One feedback as pages and the API show it.
 *
 * @param rating {@code "up"}, {@code "down"} or the score (a number from 1 to 5)
 * @param failure whether the rating made it a failure (by the project's threshold when it came in)
 * @param state where it is in the loop
 * @param itemExternalId the fix task's item, or {@code null}
 * @param messages the conversation as posted (only when one feedback is read; empty in lists)
 * @param dismissal the writer's "not a real failure", or {@code null}
 */
public record FeedbackView(
        long id,
        String traceId,
        String model,
        Object rating,
        boolean failure,
        String comment,
        List<String> tags,
        Map<String, Object> metadata,
        String state,
        String itemExternalId,
        Instant receivedAt,
        List<Message> messages,
        Dismissal dismissal) {

    /** A writer's "not a real failure": the reason, who said it and when. */
    public record Dismissal(String reason, String by, Instant at) {}
}
