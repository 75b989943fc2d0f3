package dev.feedloop.webhooks;

import java.time.Instant;
import java.util.List;

/**
 * A webhook as pages and the API show it: never its secret.
 *
 * @param events the event types it receives
 * @param pending its deliveries still being tried
 * @param failed its deliveries that ran out of retries
 */
public record WebhookView(
        long id,
        String url,
        List<String> events,
        boolean enabled,
        Instant createdAt,
        Instant secretRotatedAt,
        long pending,
        long failed) {}
