package dev.feedloop.feedback;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/**
 * Per-caller token buckets of the intake (Bucket4j): {@code feedloop.feedback.rate-per-second}
 * entries a second sustained, up to {@code rate-burst} at once. Kept in this server's memory: each
 * server of a database counts on its own.
 */
@Component
class IntakeRateLimits {

    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final FeedbackProperties properties;

    IntakeRateLimits(FeedbackProperties properties) {
        this.properties = properties;
    }

    /** Takes {@code entries} from the caller's bucket, or refuses with 429 and when to try again. */
    void take(String caller, int entries) {
        Bucket bucket = buckets.computeIfAbsent(
                caller,
                key -> Bucket.builder()
                        .addLimit(limit -> limit.capacity(Math.max(properties.rateBurst(), 1))
                                .refillGreedy(Math.max(properties.ratePerSecond(), 1), Duration.ofSeconds(1)))
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(
                Math.min(Math.max(entries, 1), Math.max(properties.rateBurst(), 1)));
        if (!probe.isConsumed()) {
            long nanos = probe.getNanosToWaitForRefill();
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(nanos + TimeUnit.SECONDS.toNanos(1) - 1));
            throw FeedbackRefusals.rateLimited(seconds);
        }
    }
}
