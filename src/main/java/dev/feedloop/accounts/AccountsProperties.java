package dev.feedloop.accounts;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Account settings.
 *
 * @param lockoutFailures failed logins for one username within {@code lockoutWindow} after which
 *     its logins are refused
 * @param lockoutWindow how far back failures count, and how long a lockout lasts
 * @param minPasswordLength shortest password accepted
 */
@ConfigurationProperties("feedloop.accounts")
public record AccountsProperties(
        @DefaultValue("5") int lockoutFailures,
        @DefaultValue("15m") Duration lockoutWindow,
        @DefaultValue("10") int minPasswordLength) {}
