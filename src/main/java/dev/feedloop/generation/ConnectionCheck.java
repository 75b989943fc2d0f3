package dev.feedloop.generation;

import java.io.Serializable;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of "Test connection": a tiny chat completion sent to the endpoint.
 *
 * @param ok whether the endpoint answered a chat completion
 * @param latencyMillis from sending the request to the whole answer (or the failure)
 * @param model the model named in the answer (servers may name it differently from the request)
 * @param status the HTTP status the endpoint answered, when it answered one
 * @param messageCode the page's message for the outcome, with {@code messageArguments}; API
 *     clients read {@code messageCode + ".detail"} in English
 */
public record ConnectionCheck(
        boolean ok,
        long latencyMillis,
        @Nullable String model,
        @Nullable Integer status,
        String messageCode,
        List<Object> messageArguments)
        implements Serializable {}
