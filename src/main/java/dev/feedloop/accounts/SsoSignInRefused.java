package dev.feedloop.accounts;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * A single sign-on that reached Feedloop with a valid identity but may not sign in; the login page
 * says why ({@code /login?sso=<code>}).
 */
final class SsoSignInRefused extends OAuth2AuthenticationException {

    private static final long serialVersionUID = 1L;

    /** Why, with the code of the login page's message ({@code login.sso.<code>}). */
    enum Reason {
        /** No verified email address in an allowed domain. */
        DOMAIN("domain"),
        /** No account, and self-sign-up is off. */
        SIGN_UP("sign-up"),
        /** The account is disabled. */
        DISABLED("disabled"),
        /** Neither the username claim nor a verified email address makes a valid username. */
        USERNAME("username"),
        /** The account of that username is already linked to another identity of this issuer. */
        LINKED("linked");

        final String code;

        Reason(String code) {
            this.code = code;
        }
    }

    private final Reason reason;

    SsoSignInRefused(Reason reason) {
        super(new OAuth2Error("feedloop_" + reason.code), "single sign-on refused: " + reason.code);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
