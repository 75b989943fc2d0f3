package dev.feedloop.accounts;

/**
 * An OpenID Connect provider people may sign in with.
 *
 * @param registrationId the {@code spring.security.oauth2.client.registration.<id>}; sign-in starts
 *     at {@code /oauth2/authorization/<id>}
 * @param name the name on the login page's button (the registration's {@code client-name})
 */
public record SsoProvider(String registrationId, String name) {}
