package dev.feedloop.accounts;

import dev.feedloop.audit.ActingUser;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in person, as the security context holds them (pages and API alike). Controllers
 * take it with {@code @AuthenticationPrincipal} and pass {@link #id()} to services, which check
 * the person's rights on the objects they touch.
 */
public final class AccountPrincipal implements UserDetails, CredentialsContainer, ActingUser {

    private static final long serialVersionUID = 1L;

    private final long id;
    private final String username;
    private final String displayName;
    private final boolean admin;
    private final boolean enabled;
    private String passwordHash;
    /** Project id to the names of the roles held there, as read with the account; null when not read. */
    private final Map<Long, Set<String>> projectRoles;

    public AccountPrincipal(
            long id, String username, String displayName, boolean admin, boolean enabled, String passwordHash) {
        this(id, username, displayName, admin, enabled, passwordHash, null);
    }

    AccountPrincipal(
            long id,
            String username,
            String displayName,
            boolean admin,
            boolean enabled,
            String passwordHash,
            Map<Long, Set<String>> projectRoles) {
        this.id = id;
        this.username = username;
        this.displayName = displayName;
        this.admin = admin;
        this.enabled = enabled;
        this.passwordHash = passwordHash;
        this.projectRoles = projectRoles == null ? null : Map.copyOf(projectRoles);
    }

    /**
     * The project memberships read in the same statement as the account, on this request (the
     * filters read the account again on every request, so an administrator's change applies to the
     * next one): project id to the names of the roles held there. Empty when this principal was
     * made without them (then the caller asks the database).
     */
    public java.util.Optional<Map<Long, Set<String>>> projectRoles() {
        return java.util.Optional.ofNullable(projectRoles);
    }

    /**
     * Parses the memberships column the account statements select ({@link #MEMBERSHIPS_COLUMN}):
     * {@code projectId=ROLE,ROLE;projectId=...}, or null for none.
     */
    static Map<Long, Set<String>> parseMemberships(String column) {
        Map<Long, Set<String>> result = new HashMap<>();
        if (column == null || column.isEmpty()) {
            return result;
        }
        for (String membership : column.split(";")) {
            int equals = membership.indexOf('=');
            String roles = membership.substring(equals + 1);
            result.put(
                    Long.parseLong(membership.substring(0, equals)),
                    roles.isEmpty() ? Set.of() : Set.of(roles.split(",")));
        }
        return result;
    }

    /** The memberships of {@code u.id}, as one text column, for {@link #parseMemberships}. */
    static final String MEMBERSHIPS_COLUMN = """
            (SELECT string_agg(m.project_id || '=' || array_to_string(m.roles, ','), ';')
             FROM project_member m WHERE m.user_id = u.id) AS memberships
            """;

    @Override
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
