package dev.feedloop.generation;

/**
 * A whole chat completion.
 *
 * @param model the model named in the answer (or the endpoint's model when the server named none)
 */
public record ModelAnswer(String text, String model, long latencyMillis) {}
