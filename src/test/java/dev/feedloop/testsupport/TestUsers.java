package dev.feedloop.testsupport;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.NewUser;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** Creates users for tests, and signs requests in as them. */
public class TestUsers {

    /** The password of every user made here. */
    public static final String PASSWORD = "correct horse battery";

    private static final AtomicInteger counter = new AtomicInteger();

    private final Users users;

    TestUsers(Users users) {
        this.users = users;
    }

    public UserView admin() {
        return create("admin" + counter.incrementAndGet(), true);
    }

    public UserView member() {
        return create("user" + counter.incrementAndGet(), false);
    }

    public UserView create(String username, boolean admin) {
        return users.create(new NewUser(username, PASSWORD, "Test " + username, admin));
    }

    public static AccountPrincipal principal(UserView user) {
        return new AccountPrincipal(user.id(), user.username(), user.displayName(), user.admin(), user.enabled(), null);
    }

    /** Runs a MockMvc request as this user, with a session as if they had signed in. */
    public static RequestPostProcessor as(UserView user) {
        AccountPrincipal principal = principal(user);
        return SecurityMockMvcRequestPostProcessors.authentication(
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities()));
    }
}
