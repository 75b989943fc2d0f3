package dev.feedloop.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.stereotype.Component;

/**
 * "Test connection": one tiny chat completion, and its outcome in plain words. Runs without a
 * database transaction (the caller reads the endpoint first).
 */
@Component
class EndpointChecks {

    static final String PROMPT = "Reply with the single word: ok";

    private final ModelClients clients;
    private final Duration timeout;

    EndpointChecks(ModelClients clients, GenerationProperties properties) {
        this.clients = clients;
        this.timeout = properties.testTimeout();
    }

    ConnectionCheck check(EndpointConnection endpoint) {
        long start = System.nanoTime();
        try (ModelClients.Client client = clients.open(endpoint, timeout)) {
            Prompt prompt = new Prompt(
                    messages(endpoint),
                    ModelClients.options(endpoint, timeout).maxTokens(16).build());
            ChatResponse response = client.model().call(prompt);
            long millis = millisSince(start);
            if (response.getResults().isEmpty() || response.getResult().getOutput() == null) {
                return failure(millis, null, "endpoints.test.noAnswer");
            }
            String model = response.getMetadata().getModel();
            return new ConnectionCheck(
                    true,
                    millis,
                    model,
                    200,
                    "endpoints.test.ok",
                    List.of(model == null ? endpoint.model() : model, millis));
        } catch (RuntimeException e) {
            return failure(millisSince(start), e, endpoint);
        }
    }

    private static List<Message> messages(EndpointConnection endpoint) {
        return endpoint.systemPrompt() == null || endpoint.systemPrompt().isBlank()
                ? List.of(new UserMessage(PROMPT))
                : List.of(new SystemMessage(endpoint.systemPrompt()), new UserMessage(PROMPT));
    }

    private ConnectionCheck failure(long millis, RuntimeException e, EndpointConnection endpoint) {
        if (e instanceof UnauthorizedException || e instanceof PermissionDeniedException) {
            return failure(millis, status(e), "endpoints.test.unauthorized", status(e));
        }
        if (e instanceof NotFoundException) {
            return failure(millis, 404, "endpoints.test.notFound", endpoint.model());
        }
        if (e instanceof RateLimitException) {
            return failure(millis, 429, "endpoints.test.rateLimited");
        }
        if (e instanceof OpenAIServiceException service) {
            return failure(millis, service.statusCode(), "endpoints.test.status", service.statusCode());
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof EndpointAddresses.RefusedAddressException refused) {
                return failure(millis, null, "endpoints.test.refusedAddress", refused.address());
            }
            if (cause instanceof UnknownHostException) {
                return failure(millis, null, "endpoints.test.unknownHost", endpoint.baseUrl());
            }
            if (cause instanceof ConnectException) {
                return failure(millis, null, "endpoints.test.unreachable", endpoint.baseUrl());
            }
            if (cause instanceof InterruptedIOException) {
                return failure(millis, null, "endpoints.test.timeout", timeout.toSeconds());
            }
            if (cause instanceof OpenAIInvalidDataException || cause instanceof JsonProcessingException) {
                return failure(millis, 200, "endpoints.test.notOpenAi");
            }
        }
        return failure(millis, null, "endpoints.test.failed", e.getClass().getSimpleName());
    }

    private static Integer status(RuntimeException e) {
        return ((OpenAIServiceException) e).statusCode();
    }

    private static ConnectionCheck failure(long millis, Integer status, String code, Object... arguments) {
        return new ConnectionCheck(false, millis, null, status, code, List.of(arguments));
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
