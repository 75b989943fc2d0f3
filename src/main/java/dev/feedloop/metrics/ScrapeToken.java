package dev.feedloop.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The token that lets a Prometheus server read {@code /actuator/prometheus} without an account
 * ({@code feedloop.metrics.scrape-token}). Only its SHA-256 is kept, and a presented token is
 * compared by digest in constant time, so neither its length nor its first differing character
 * shows in the time an answer takes.
 */
@Component
public class ScrapeToken {

    private final byte @Nullable [] digest;

    ScrapeToken(MetricsProperties properties) {
        String token = properties.scrapeToken();
        this.digest = token == null || token.isBlank() ? null : sha256(token.strip());
    }

    /** Whether a token is set at all (without one, only administrators read the metrics). */
    public boolean configured() {
        return digest != null;
    }

    /** Whether {@code presented} is the scrape token; always false when none is set. */
    public boolean matches(@Nullable String presented) {
        return digest != null && presented != null && MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
