package dev.feedloop.generation;

import java.math.BigDecimal;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A registered endpoint as pages and the API show it. The API key appears only as its last four
 * characters ({@code keyLast4}, {@code null} for an endpoint without a key). The prices are per
 * 1,000 tokens, {@code null} when unknown.
 */
public record EndpointView(
        long id,
        String name,
        String baseUrl,
        String model,
        @Nullable String keyLast4,
        @Nullable BigDecimal temperature,
        @Nullable BigDecimal topP,
        @Nullable Integer maxTokens,
        @Nullable String systemPrompt,
        int concurrencyLimit,
        int requestsPerMinute,
        @Nullable BigDecimal promptPricePer1k,
        @Nullable BigDecimal completionPricePer1k,
        Instant createdAt,
        Instant updatedAt) {

    public boolean hasKey() {
        return keyLast4 != null;
    }
}
