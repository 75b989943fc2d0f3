package dev.feedloop.webhooks;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook settings.
 *
 * @param timeout how long one post waits for the receiver's answer (connecting included)
 * @param maxAge how long a delivery is tried again after its first attempt (or a redelivery);
 *     after that it is FAILED
 * @param backoff the wait before the second attempt; it doubles with each attempt, up to {@code
 *     maxBackoff}
 * @param maxBackoff the longest wait between attempts
 * @param allowPrivateAddresses whether webhook URLs may resolve to loopback, private, link-local and
 *     cloud metadata addresses; off, they are refused when saved and on every post
 */
@ConfigurationProperties("feedloop.webhooks")
public record WebhookProperties(
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("1d") Duration maxAge,
        @DefaultValue("30s") Duration backoff,
        @DefaultValue("1h") Duration maxBackoff,
        @DefaultValue("false") boolean allowPrivateAddresses) {

    /** The wait after attempt number {@code attempts} (1 for the first) failed. */
    Duration backoffAfter(int attempts) {
        Duration wait = backoff;
        for (int i = 1; i < attempts && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
