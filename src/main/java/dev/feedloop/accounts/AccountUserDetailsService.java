package dev.feedloop.accounts;

import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

@Component
class AccountUserDetailsService implements UserDetailsService {

    private final UserRepository users;
    private final JdbcClient jdbc;

    AccountUserDetailsService(UserRepository users, JdbcClient jdbc) {
        this.users = users;
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public UserDetails loadUserByUsername(String username) {
        return users.findByUsernameKey(Users.usernameKey(username))
                .map(AppUser::toPrincipal)
                .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
    }

    /**
     * The person with this id as they are now (without password hash, with their project roles), if
     * the account is enabled: one statement.
     */
    Optional<AccountPrincipal> loadEnabled(long id) {
        return jdbc.sql("SELECT u.username, u.display_name, u.admin, " + AccountPrincipal.MEMBERSHIPS_COLUMN
                        + " FROM app_user u WHERE u.id = ? AND u.enabled")
                .param(id)
                .query((rs, n) -> new AccountPrincipal(
                        id,
                        rs.getString("username"),
                        rs.getString("display_name"),
                        rs.getBoolean("admin"),
                        true,
                        null,
                        AccountPrincipal.parseMemberships(rs.getString("memberships"))))
                .optional();
    }
}
