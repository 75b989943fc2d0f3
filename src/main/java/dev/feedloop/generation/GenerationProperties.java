package dev.feedloop.generation;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Generation settings.
 *
 * @param keyEncryptionKey the server key that encrypts endpoints' API keys: base64 of 32 random
 *     bytes ({@code openssl rand -base64 32}); unset, endpoints can be stored without a key only
 * @param allowLinkLocal whether endpoints may resolve to link-local and cloud metadata addresses
 *     (169.254.0.0/16, fe80::/10, fd00:ec2::254, metadata.google.internal); off, they are refused
 * @param testTimeout how long "Test connection" waits for the endpoint's answer
 */
@ConfigurationProperties("feedloop.generation")
public record GenerationProperties(
        @Nullable String keyEncryptionKey,
        @DefaultValue("false") boolean allowLinkLocal,
        @DefaultValue("20s") Duration testTimeout) {}
