package dev.feedloop.ingest;

/** One message of a conversation; {@code role} is system, user or assistant. */
public record Message(String role, String content) {}
