package dev.feedloop.feedback;

/** A token just created: {@code token} is the whole secret, shown this once and never again. */
public record CreatedIntakeToken(IntakeTokenView view, String token) {}
