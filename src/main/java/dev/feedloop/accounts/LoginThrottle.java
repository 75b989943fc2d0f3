package dev.feedloop.accounts;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts failed logins per username (as typed, by its {@link Users#usernameKey key}) in the database, so every server sees
 * the same count. A username with too many recent failures is refused whether or not it exists.
 */
@Component
class LoginThrottle {

    private final JdbcClient jdbc;
    private final AccountsProperties properties;

    LoginThrottle(JdbcClient jdbc, AccountsProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    boolean isLocked(String username) {
        Integer failures = jdbc.sql("SELECT count(*) FROM login_failure WHERE username = ? AND failed_at > ?")
                .params(key(username), Timestamp.from(Instant.now().minus(properties.lockoutWindow())))
                .query(Integer.class)
                .single();
        return failures >= properties.lockoutFailures();
    }

    void recordFailure(String username) {
        jdbc.sql("INSERT INTO login_failure (username) VALUES (?)")
                .param(key(username))
                .update();
        jdbc.sql("DELETE FROM login_failure WHERE failed_at < ?")
                .param(Timestamp.from(
                        Instant.now().minus(properties.lockoutWindow().multipliedBy(2))))
                .update();
    }

    void clear(String username) {
        jdbc.sql("DELETE FROM login_failure WHERE username = ?")
                .param(key(username))
                .update();
    }

    private static String key(String username) {
        String key = Users.usernameKey(username);
        return key.length() > 100 ? key.substring(0, 100) : key;
    }
}
