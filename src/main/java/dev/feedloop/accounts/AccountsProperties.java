package dev.feedloop.accounts;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Account settings.
 *
 * @param lockoutFailures failed logins for one username within {@code lockoutWindow} after which
 *     its logins are refused
 * @param lockoutWindow how far back failures count, and how long a lockout lasts
 * @param minPasswordLength shortest password accepted
 * @param sso single sign-on with OpenID Connect (the providers themselves are Spring Boot's {@code
 *     spring.security.oauth2.client.*} properties)
 */
@ConfigurationProperties("feedloop.accounts")
public record AccountsProperties(
        @DefaultValue("5") int lockoutFailures,
        @DefaultValue("15m") Duration lockoutWindow,
        @DefaultValue("10") int minPasswordLength,
        @DefaultValue Sso sso) {

    public AccountsProperties {
        sso = sso == null ? Sso.DEFAULTS : sso;
    }

    /**
     * How OpenID Connect sign-ins map to accounts.
     *
     * @param usernameClaim the ID token claim that names the account; without it, {@code email}
     *     (verified, with {@code @} written as {@code _})
     * @param adminClaim the claim (a string or a list of strings, such as {@code groups}) whose
     *     values make an administrator; unset, sign-in never changes who is an administrator
     * @param adminValues the values of {@code adminClaim} that make an administrator; the flag is
     *     set or taken away at every sign-in
     * @param allowedEmailDomains when not empty, only people with a verified email address in one
     *     of these domains may sign in
     * @param selfSignUp whether the first sign-in of someone without an account creates one (not an
     *     administrator, no project roles); otherwise only existing accounts may sign in
     * @param passwordLogin whether passwords sign in (the login form and HTTP Basic on the API);
     *     API tokens work either way
     */
    public record Sso(
            @DefaultValue("preferred_username") String usernameClaim,
            String adminClaim,
            @DefaultValue List<String> adminValues,
            @DefaultValue List<String> allowedEmailDomains,
            @DefaultValue("false") boolean selfSignUp,
            @DefaultValue("true") boolean passwordLogin) {

        static final Sso DEFAULTS = new Sso("preferred_username", null, List.of(), List.of(), false, true);

        public Sso {
            usernameClaim = usernameClaim == null || usernameClaim.isBlank() ? "preferred_username" : usernameClaim;
            adminClaim = adminClaim == null || adminClaim.isBlank() ? null : adminClaim.strip();
            adminValues = adminValues == null ? List.of() : List.copyOf(adminValues);
            allowedEmailDomains = allowedEmailDomains == null
                    ? List.of()
                    : allowedEmailDomains.stream()
                            .map(domain -> domain.strip().toLowerCase(Locale.ROOT))
                            .filter(domain -> !domain.isEmpty())
                            .toList();
        }
    }
}
