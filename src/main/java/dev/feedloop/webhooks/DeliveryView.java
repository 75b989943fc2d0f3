package dev.feedloop.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One delivery of an event to a webhook, with its attempts (oldest first).
 *
 * @param id the delivery's id: the {@code Feedloop-Delivery} header and the payload's {@code id}
 * @param state PENDING (being tried), DELIVERED or FAILED
 * @param nextAttemptAt when it is tried next, while PENDING
 */
public record DeliveryView(
        UUID id,
        String type,
        String state,
        int attempts,
        Instant createdAt,
        Instant nextAttemptAt,
        Instant deliveredAt,
        List<AttemptView> attemptList) {

    /** One try: the receiver's status code, or the error when it did not answer. */
    public record AttemptView(Instant at, Integer statusCode, String error, int durationMs) {}
}
