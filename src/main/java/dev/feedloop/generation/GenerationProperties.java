package dev.feedloop.generation;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Generation settings.
 *
 * @param keyEncryptionKey the server key that encrypts endpoints' API keys: base64 of 32 random
 *     bytes ({@code openssl rand -base64 32}); unset, endpoints can be stored without a key only
 * @param allowLinkLocal whether endpoints may resolve to link-local and cloud metadata addresses
 *     (169.254.0.0/16, fe80::/10, fd00:ec2::254, metadata.google.internal); off, they are refused
 * @param testTimeout how long "Test connection" waits for the endpoint's answer
 * @param runs how generation runs call endpoints
 */
@ConfigurationProperties("feedloop.generation")
public record GenerationProperties(
        @Nullable String keyEncryptionKey,
        @DefaultValue("false") boolean allowLinkLocal,
        @DefaultValue("20s") Duration testTimeout,
        @DefaultValue Runs runs) {

    @ConstructorBinding
    public GenerationProperties {}

    public GenerationProperties(@Nullable String keyEncryptionKey, boolean allowLinkLocal, Duration testTimeout) {
        this(keyEncryptionKey, allowLinkLocal, testTimeout, Runs.DEFAULTS);
    }

    /**
     * @param callTimeout how long one request of a run waits for its answer
     * @param maxAttempts requests per unit before it is recorded as failed (429, 5xx, timeouts and
     *     connection failures are tried again; other errors fail at once)
     * @param backoff the wait before the second attempt; it doubles with each attempt (with up to
     *     25 % random spread), up to {@code maxBackoff}
     * @param maxBackoff the longest wait between attempts, {@code Retry-After} included
     * @param workersPerRun executions of each run's job, which any servers may take: a run's
     *     requests spread over that many servers at most
     * @param maxParallelCalls requests one execution keeps in flight at most (the endpoints' own
     *     limits hold for all servers together)
     */
    public record Runs(
            @DefaultValue("120s") Duration callTimeout,
            @DefaultValue("5") int maxAttempts,
            @DefaultValue("2s") Duration backoff,
            @DefaultValue("10m") Duration maxBackoff,
            @DefaultValue("2") int workersPerRun,
            @DefaultValue("64") int maxParallelCalls) {

        static final Runs DEFAULTS =
                new Runs(Duration.ofSeconds(120), 5, Duration.ofSeconds(2), Duration.ofMinutes(10), 2, 64);
    }
}
