package dev.feedloop.webhooks;

/** A webhook just made (or whose secret was just rotated), with its secret: shown this once. */
public record CreatedWebhook(WebhookView webhook, String secret) {}
