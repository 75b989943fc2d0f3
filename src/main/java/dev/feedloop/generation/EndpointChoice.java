package dev.feedloop.generation;

/** An endpoint as a page offers it to choose: its name and model, never its address or key. */
public record EndpointChoice(long id, String name, String model) {}
