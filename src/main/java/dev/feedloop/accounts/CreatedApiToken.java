package dev.feedloop.accounts;

/** A token just created: {@code token} is the only time the secret is shown. */
public record CreatedApiToken(ApiTokenView view, String token) implements java.io.Serializable {}
