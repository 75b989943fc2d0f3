package dev.feedloop.generation;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** Settings that passed every check, trimmed, with the base URL as stored. */
record CheckedSettings(
        String name,
        String baseUrl,
        String model,
        @Nullable BigDecimal temperature,
        @Nullable BigDecimal topP,
        @Nullable Integer maxTokens,
        @Nullable String systemPrompt,
        int concurrencyLimit,
        int requestsPerMinute,
        @Nullable BigDecimal promptPricePer1k,
        @Nullable BigDecimal completionPricePer1k) {}
