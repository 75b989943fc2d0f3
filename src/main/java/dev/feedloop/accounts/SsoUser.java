package dev.feedloop.accounts;

import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * An OpenID Connect sign-in with the account it signs into. It lives only until the sign-in's
 * success handler, which puts the {@link AccountPrincipal} in the session instead, so that SSO and
 * password sessions look alike to everything after it.
 */
final class SsoUser extends DefaultOidcUser {

    private static final long serialVersionUID = 1L;

    private final AccountPrincipal account;

    SsoUser(AccountPrincipal account, OidcUser user) {
        super(account.getAuthorities(), user.getIdToken(), user.getUserInfo());
        this.account = account;
    }

    AccountPrincipal account() {
        return account;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SsoUser that && that.account.equals(account) && super.equals(other);
    }

    @Override
    public int hashCode() {
        return account.hashCode();
    }
}
