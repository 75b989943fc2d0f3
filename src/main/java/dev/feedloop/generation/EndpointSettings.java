package dev.feedloop.generation;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import org.jspecify.annotations.Nullable;

/**
 * An endpoint as an admin types it (the page's form and the API's body). {@code apiKey}: a new key,
 * or empty to keep the stored one ({@code clearApiKey} removes it); never shown back. The prices
 * are per 1,000 prompt and per 1,000 completion tokens, in the admin's currency; {@code null}:
 * unknown.
 */
public record EndpointSettings(
        @NotBlank(message = "{endpoints.error.name}") @Size(max = 100, message = "{endpoints.error.name}")
        String name,

        @NotBlank(message = "{endpoints.error.baseUrl}") @Size(max = 500, message = "{endpoints.error.baseUrl}")
        String baseUrl,

        @NotBlank(message = "{endpoints.error.model}") @Size(max = 200, message = "{endpoints.error.model}")
        String model,

        @Size(max = 500, message = "{endpoints.error.apiKey}") @Nullable
        String apiKey,

        @Nullable Boolean clearApiKey,

        @DecimalMin(value = "0", message = "{endpoints.error.temperature}")
        @DecimalMax(value = "2", message = "{endpoints.error.temperature}")
        @Nullable
        BigDecimal temperature,

        @DecimalMin(value = "0", inclusive = false, message = "{endpoints.error.topP}")
        @DecimalMax(value = "1", message = "{endpoints.error.topP}")
        @Nullable
        BigDecimal topP,

        @Min(value = 1, message = "{endpoints.error.maxTokens}")
        @Max(value = 1_000_000, message = "{endpoints.error.maxTokens}")
        @Nullable
        Integer maxTokens,

        @Size(max = 20_000, message = "{endpoints.error.systemPrompt}") @Nullable
        String systemPrompt,

        @NotNull(message = "{endpoints.error.concurrencyLimit}")
        @Min(value = 1, message = "{endpoints.error.concurrencyLimit}")
        @Max(value = 1000, message = "{endpoints.error.concurrencyLimit}")
        Integer concurrencyLimit,

        @NotNull(message = "{endpoints.error.requestsPerMinute}")
        @Min(value = 1, message = "{endpoints.error.requestsPerMinute}")
        @Max(value = 100_000, message = "{endpoints.error.requestsPerMinute}")
        Integer requestsPerMinute,

        @DecimalMin(value = "0", message = "{endpoints.error.price}")
        @Digits(integer = 8, fraction = 6, message = "{endpoints.error.price}")
        @Nullable
        BigDecimal promptPricePer1k,

        @DecimalMin(value = "0", message = "{endpoints.error.price}")
        @Digits(integer = 8, fraction = 6, message = "{endpoints.error.price}")
        @Nullable
        BigDecimal completionPricePer1k) {

    /** A new endpoint's form: four requests at once, 60 a minute, the server's own defaults. */
    public static EndpointSettings empty() {
        return new EndpointSettings("", "", "", null, false, null, null, null, null, 4, 60, null, null);
    }

    /** The settings of a stored endpoint, to edit: without its key. */
    public static EndpointSettings of(EndpointView view) {
        return new EndpointSettings(
                view.name(),
                view.baseUrl(),
                view.model(),
                null,
                false,
                view.temperature(),
                view.topP(),
                view.maxTokens(),
                view.systemPrompt(),
                view.concurrencyLimit(),
                view.requestsPerMinute(),
                view.promptPricePer1k(),
                view.completionPricePer1k());
    }

    boolean clearsKey() {
        return Boolean.TRUE.equals(clearApiKey);
    }

    @Override
    public String toString() {
        return "EndpointSettings[" + name + ", " + baseUrl + ", " + model + "]";
    }
}
