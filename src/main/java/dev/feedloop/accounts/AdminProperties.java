package dev.feedloop.accounts;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first administrator, created when the database has no users at all.
 *
 * @param password the password of {@code admin}; when unset, a random one is generated and
 *     printed once in the log
 */
@ConfigurationProperties("feedloop.admin")
public record AdminProperties(String password) {}
