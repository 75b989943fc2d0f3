package dev.feedloop.webhooks;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The event types a webhook may receive. The payload's {@code type} is the constant's name in lower
 * case with dots: {@code ITEM_COMPLETED} is {@code item.completed}.
 */
public enum WebhookEvent {
    /** Every task slot of an item is done (once per item and webhook). */
    ITEM_COMPLETED,
    /** A reviewer approved, corrected or rejected a demonstration. */
    DEMONSTRATION_REVIEWED,
    /** A snapshot was written. */
    SNAPSHOT_CREATED,
    /** The fix of a feedback was approved. */
    FEEDBACK_FIXED,
    /** A generation or judge run finished. */
    GENERATION_FINISHED,
    /** A member was paused, by hand or for gold accuracy. */
    ANNOTATOR_PAUSED,
    /** "Send test event": sent to the one webhook asked, whatever its events. */
    WEBHOOK_TEST;

    private final String type = name().toLowerCase(Locale.ROOT).replace('_', '.');

    public String type() {
        return type;
    }

    /** The event a webhook may subscribe to by {@code type} (not the test event). */
    public static Optional<WebhookEvent> subscribable(String type) {
        return Arrays.stream(values())
                .filter(e -> e != WEBHOOK_TEST && e.type.equals(type))
                .findFirst();
    }
}
