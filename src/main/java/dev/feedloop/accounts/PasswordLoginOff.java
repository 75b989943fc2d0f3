package dev.feedloop.accounts;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * The password authentication of a server with {@code feedloop.accounts.sso.password-login=false}:
 * every password is refused, without looking at the account (the login page says that passwords
 * are off; the API answers 401).
 */
final class PasswordLoginOff implements AuthenticationProvider {

    /** A password sign-in on a server that signs in through its identity provider only. */
    static final class Refused extends AuthenticationException {

        private static final long serialVersionUID = 1L;

        Refused() {
            super("password sign-in is turned off");
        }
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        throw new Refused();
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
