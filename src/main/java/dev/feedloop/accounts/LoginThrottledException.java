package dev.feedloop.accounts;

import org.springframework.security.core.AuthenticationException;

/** Too many failed logins for this username recently; the same answer whether it exists or not. */
class LoginThrottledException extends AuthenticationException {

    LoginThrottledException() {
        super("Too many failed logins; try again later.");
    }
}
