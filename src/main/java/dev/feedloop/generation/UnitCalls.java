package dev.feedloop.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import io.micrometer.core.instrument.Timer;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * One request of a generation run: the item's conversation to the endpoint (the endpoint's system
 * prompt first when the conversation has none), and the outcome sorted into an answer, a failure
 * worth another attempt (429, 5xx, timeouts, connection failures; with the server's {@code
 * Retry-After}) and a failure that another attempt would repeat (other 4xx, an answer that is not
 * chat completion JSON, an empty answer, a refused address). Called with no transaction open.
 */
@Component
class UnitCalls {

    private static final TypeReference<List<Map<String, Object>>> MESSAGES = new TypeReference<>() {};

    private final JsonMapper json;
    private final ModelCallMetrics metrics;

    UnitCalls(JsonMapper json, ModelCallMetrics metrics) {
        this.json = json;
        this.metrics = metrics;
    }

    sealed interface Outcome {}

    /** The endpoint answered. */
    record Answer(
            String content,
            String model,
            @Nullable Integer promptTokens,
            @Nullable Integer completionTokens,
            @Nullable String finishReason,
            long latencyMillis,
            Map<String, Object> parameters,
            @Nullable Integer seed)
            implements Outcome {}

    /** Worth another attempt, after {@code retryAfter} when the server said so. */
    record Retryable(String code, String message, @Nullable Duration retryAfter) implements Outcome {}

    /** Another attempt would fail the same way. */
    record Failed(String code, String message) implements Outcome {}

    Outcome call(RunUnits.ClaimedUnit unit, EndpointConnection endpoint, ModelClients.Client client, Duration timeout) {
        Timer.Sample sample = metrics.start();
        Outcome outcome = untimedCall(unit, endpoint, client, timeout);
        switch (outcome) {
            case Answer answer -> metrics.answered(sample, endpoint.name(), ModelCallMetrics.RUN);
            case Retryable retry ->
                metrics.failed(
                        sample, endpoint.name(), ModelCallMetrics.RUN, ModelCallMetrics.failure(null, retry.code()));
            case Failed failed ->
                metrics.failed(
                        sample, endpoint.name(), ModelCallMetrics.RUN, ModelCallMetrics.failure(null, failed.code()));
        }
        return outcome;
    }

    private Outcome untimedCall(
            RunUnits.ClaimedUnit unit, EndpointConnection endpoint, ModelClients.Client client, Duration timeout) {
        Integer seed = unit.seed() == null ? null : (int) (unit.seed() + unit.sample() - 1);
        OpenAiChatOptions.Builder options = ModelClients.options(endpoint, timeout);
        if (seed != null) {
            options.seed(seed);
        }
        long start = System.nanoTime();
        try {
            List<Message> messages = unit.judge()
                    ? Judging.messages(unit, endpoint, Judging.shown(unit, json), json)
                    : messages(unit, endpoint);
            ChatResponse response = client.model().call(new Prompt(messages, options.build()));
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (response.getResults().isEmpty()
                    || response.getResult().getOutput() == null
                    || response.getResult().getOutput().getText() == null
                    || response.getResult().getOutput().getText().isBlank()) {
                return new Failed("empty-answer", "the endpoint answered without text");
            }
            Usage usage = response.getMetadata().getUsage();
            String model = response.getMetadata().getModel();
            return new Answer(
                    response.getResult().getOutput().getText(),
                    model == null || model.isBlank() ? endpoint.model() : model,
                    usage == null ? null : usage.getPromptTokens(),
                    usage == null ? null : usage.getCompletionTokens(),
                    response.getResult().getMetadata().getFinishReason(),
                    millis,
                    parameters(endpoint),
                    seed);
        } catch (RuntimeException e) {
            return failure(e, timeout);
        }
    }

    private List<Message> messages(RunUnits.ClaimedUnit unit, EndpointConnection endpoint) {
        List<Map<String, Object>> conversation = json.readValue(unit.messagesJson(), MESSAGES);
        List<Message> messages = new ArrayList<>();
        boolean hasSystem = conversation.stream().anyMatch(m -> "system".equals(m.get("role")));
        if (!hasSystem
                && endpoint.systemPrompt() != null
                && !endpoint.systemPrompt().isBlank()) {
            messages.add(new SystemMessage(endpoint.systemPrompt()));
        }
        for (Map<String, Object> message : conversation) {
            String content = String.valueOf(message.get("content"));
            messages.add(
                    switch (String.valueOf(message.get("role"))) {
                        case "system" -> new SystemMessage(content);
                        case "assistant" -> new AssistantMessage(content);
                        default -> new UserMessage(content);
                    });
        }
        return messages;
    }

    /** The request's parameters as the provenance records them (unset ones left out). */
    private static Map<String, Object> parameters(EndpointConnection endpoint) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (endpoint.temperature() != null) {
            parameters.put("temperature", endpoint.temperature());
        }
        if (endpoint.topP() != null) {
            parameters.put("top_p", endpoint.topP());
        }
        if (endpoint.maxTokens() != null) {
            parameters.put("max_tokens", endpoint.maxTokens());
        }
        if (endpoint.systemPrompt() != null) {
            parameters.put("system_prompt", endpoint.systemPrompt());
        }
        return parameters;
    }

    static Outcome failure(RuntimeException e, Duration timeout) {
        if (e instanceof OpenAIServiceException service) {
            int status = service.statusCode();
            String message = "the endpoint answered with the error " + status;
            if (status == 429 || status == 408 || status >= 500) {
                return new Retryable(
                        "status-" + status,
                        message,
                        retryAfter(service.headers().values("Retry-After")));
            }
            return new Failed("status-" + status, message);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EndpointAddresses.RefusedAddressException refused) {
                return new Failed("refused-address", "refused: the host resolves to " + refused.address());
            }
            if (cause instanceof UnknownHostException) {
                return new Retryable("unknown-host", "the host is not known", null);
            }
            if (cause instanceof ConnectException) {
                return new Retryable("unreachable", "nothing answers at the endpoint's address", null);
            }
            if (cause instanceof InterruptedIOException) {
                return new Retryable("timeout", "no answer within " + timeout.toSeconds() + " s", null);
            }
            if (cause instanceof OpenAIInvalidDataException
                    || cause instanceof JsonProcessingException
                    || cause instanceof tools.jackson.core.JacksonException) {
                return new Failed("not-openai", "the answer is not OpenAI-compatible chat completion JSON");
            }
        }
        if (e instanceof OpenAIIoException) {
            return new Retryable("io", "the connection failed", null);
        }
        return new Failed("failed", "the request failed (" + e.getClass().getSimpleName() + ")");
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    static @Nullable Duration retryAfter(List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        String value = values.getFirst().strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException e) {
            try {
                Duration until = Duration.between(
                        Instant.now(), ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME));
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }
}
