package dev.feedloop.webhooks;

import java.util.Arrays;
import java.util.Optional;

/** The event types a webhook may receive, by the name in the payload's {@code type}. */
public enum WebhookEvent {
    /** Every task slot of an item is done (once per item and webhook). */
    ITEM_COMPLETED("item.completed"),
    /** A reviewer approved, corrected or rejected a demonstration. */
    DEMONSTRATION_REVIEWED("demonstration.reviewed"),
    /** A snapshot was written. */
    SNAPSHOT_CREATED("snapshot.created"),
    /** The fix of a feedback was approved. */
    FEEDBACK_FIXED("feedback.fixed"),
    /** A generation or judge run finished. */
    GENERATION_FINISHED("generation.finished"),
    /** A member was paused, by hand or for gold accuracy. */
    ANNOTATOR_PAUSED("annotator.paused"),
    /** "Send test event": sent to the one webhook asked, whatever its events. */
    PING("webhook.test");

    private final String type;

    WebhookEvent(String type) {
        this.type = type;
    }

    public String type() {
        return type;
    }

    /** The event a webhook may subscribe to by {@code type} (not the test event). */
    public static Optional<WebhookEvent> subscribable(String type) {
        return Arrays.stream(values())
                .filter(e -> e != PING && e.type.equals(type))
                .findFirst();
    }
}
