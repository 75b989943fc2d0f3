package dev.feedloop.ingest;

/**
 * One turn of an item's conversation.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 * @param content the text, untrusted markdown
 */
public record Message(String role, String content) {}
