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

    /** The person with this id as they are now (without password hash), if the account is enabled. */
    Optional<AccountPrincipal> loadEnabled(long id) {
        return jdbc.sql("SELECT username, display_name, admin FROM app_user WHERE id = ? AND enabled")
                .param(id)
                .query((rs, n) -> new AccountPrincipal(
                        id, rs.getString("username"), rs.getString("display_name"), rs.getBoolean("admin"), true, null))
                .optional();
    }
}
