package dev.feedloop.accounts;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in person, as the security context holds them (pages and API alike). Controllers
 * take it with {@code @AuthenticationPrincipal} and pass {@link #id()} to services, which check
 * the person's rights on the objects they touch.
 */
public final class AccountPrincipal implements UserDetails, CredentialsContainer {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final String username;
    private final String displayName;
    private final boolean admin;
    private final boolean enabled;
    private String passwordHash;

    public AccountPrincipal(
            long id, String username, String displayName, boolean admin, boolean enabled, String passwordHash) {
        this.id = id;
        this.username = username;
        this.displayName = displayName;
        this.admin = admin;
        this.enabled = enabled;
        this.passwordHash = passwordHash;
    }

    public long id() {
        return id;
    }

    public String displayName() {
        return displayName;
    }

    public boolean admin() {
        return admin;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return admin
                ? List.of(new SimpleGrantedAuthority("ROLE_USER"), new SimpleGrantedAuthority("ROLE_ADMIN"))
                : List.of(new SimpleGrantedAuthority("ROLE_USER"));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccountPrincipal that && that.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "AccountPrincipal[" + username + "]";
    }
}
