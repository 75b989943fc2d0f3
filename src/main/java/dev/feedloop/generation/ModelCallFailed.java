package dev.feedloop.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import java.io.InterruptedIOException;
import java.io.Serial;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A model call that did not give an answer, said in plain words for the person who asked: {@code
 * messageCode} with {@code messageArguments} (in messages.properties), and the status the server
 * answered when it answered one. The endpoint's key and address are never part of it.
 */
public final class ModelCallFailed extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String messageCode;
    private final transient List<Object> messageArguments;
    private final @Nullable Integer status;

    ModelCallFailed(String messageCode, @Nullable Integer status, Throwable cause, Object... messageArguments) {
        super(messageCode, cause, false, false);
        this.messageCode = messageCode;
        this.status = status;
        this.messageArguments = List.of(messageArguments);
    }

    public String messageCode() {
        return messageCode;
    }

    public Object[] messageArguments() {
        return messageArguments.toArray();
    }

    public @Nullable Integer status() {
        return status;
    }

    /** What went wrong in a call to {@code endpoint} that was given {@code timeout}. */
    static ModelCallFailed of(Throwable error, String endpoint, Duration timeout) {
        // Streamed calls arrive wrapped (CompletionException, the client's own exceptions): look through.
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            ModelCallFailed known = known(cause, error, endpoint, timeout);
            if (known != null) {
                return known;
            }
        }
        return new ModelCallFailed("assist.error.failed", null, error, endpoint);
    }

    private static @Nullable ModelCallFailed known(
            Throwable cause, Throwable error, String endpoint, Duration timeout) {
        return switch (cause) {
            case ModelCallFailed failed -> failed;
            case RateLimitException limited -> new ModelCallFailed("assist.error.rateLimited", 429, error, endpoint);
            case UnauthorizedException refused ->
                new ModelCallFailed("assist.error.unauthorized", refused.statusCode(), error, endpoint);
            case PermissionDeniedException refused ->
                new ModelCallFailed("assist.error.unauthorized", refused.statusCode(), error, endpoint);
            case NotFoundException missing -> new ModelCallFailed("assist.error.notFound", 404, error, endpoint);
            case OpenAIServiceException service ->
                new ModelCallFailed("assist.error.status", service.statusCode(), error, endpoint, service.statusCode());
            case EndpointAddresses.RefusedAddressException refused ->
                new ModelCallFailed("assist.error.refusedAddress", null, error, endpoint);
            case UnknownHostException unknown -> new ModelCallFailed("assist.error.unreachable", null, error, endpoint);
            case ConnectException refused -> new ModelCallFailed("assist.error.unreachable", null, error, endpoint);
            case InterruptedIOException slow ->
                new ModelCallFailed("assist.error.timeout", null, error, endpoint, timeout.toSeconds());
            case OpenAIInvalidDataException unreadable ->
                new ModelCallFailed("assist.error.unreadable", null, error, endpoint);
            case JsonProcessingException unreadable ->
                new ModelCallFailed("assist.error.unreadable", null, error, endpoint);
            default -> null;
        };
    }
}
