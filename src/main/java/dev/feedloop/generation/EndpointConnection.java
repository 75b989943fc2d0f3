package dev.feedloop.generation;

import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/** What a call to an endpoint needs, with its key in plain text: never logged nor shown. */
record EndpointConnection(
        String name,
        String baseUrl,
        String model,
        @Nullable String apiKey,
        @Nullable BigDecimal temperature,
        @Nullable BigDecimal topP,
        @Nullable Integer maxTokens,
        @Nullable String systemPrompt) {

    @Override
    public String toString() {
        return "EndpointConnection[" + name + ", " + baseUrl + ", " + model + "]";
    }
}
