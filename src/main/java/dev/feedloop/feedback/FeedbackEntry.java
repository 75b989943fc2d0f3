package dev.feedloop.feedback;

import dev.feedloop.ingest.Message;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * One posted feedback, checked.
 *
 * @param messages the conversation, ending with the model's (assistant) reply
 * @param thumb {@code up} or {@code down}, or {@code null} when a score was given
 * @param score 1 to 5, or {@code null} when a thumb was given
 */
record FeedbackEntry(
        String traceId,
        String model,
        List<Message> messages,
        String thumb,
        BigDecimal score,
        String comment,
        List<String> tags,
        Map<String, Object> metadata) {

    /** The conversation before the reply: the fix task's prompt. */
    List<Message> prompt() {
        return messages.subList(0, messages.size() - 1);
    }

    /** The model's reply the feedback is about. */
    String reply() {
        return messages.getLast().content();
    }

    /** Whether the rating says the reply failed: thumbs-down, or a score below {@code threshold}. */
    boolean failure(BigDecimal threshold) {
        return thumb != null ? thumb.equals("down") : score.compareTo(threshold) < 0;
    }

    /** The rating as posted: the thumb's word or the score. */
    Object rating() {
        return thumb != null ? thumb : score;
    }
}
