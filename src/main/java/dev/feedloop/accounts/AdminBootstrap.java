package dev.feedloop.accounts;

import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * On a database without any user, creates {@code admin} with the configured password or, when none
 * is configured, a random one that is printed once. Several servers starting at once create it
 * once: the insert only happens while the table is empty.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final JdbcClient jdbc;
    private final PasswordEncoder passwordEncoder;
    private final AdminProperties properties;
    private final Users users;

    AdminBootstrap(JdbcClient jdbc, PasswordEncoder passwordEncoder, AdminProperties properties, Users users) {
        this.jdbc = jdbc;
        this.passwordEncoder = passwordEncoder;
        this.properties = properties;
        this.users = users;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (users.count() > 0) {
            return;
        }
        boolean generated =
                properties.password() == null || properties.password().isBlank();
        String password = generated ? randomPassword() : properties.password();
        if (!generated) {
            users.checkPassword(password);
        }
        int inserted =
                jdbc.sql("""
                        INSERT INTO app_user (username, display_name, password_hash, admin)
                        SELECT 'admin', 'Administrator', :hash, true
                        WHERE NOT EXISTS (SELECT 1 FROM app_user)
                        ON CONFLICT DO NOTHING
                        """).param("hash", passwordEncoder.encode(password)).update();
        if (inserted == 0) {
            return;
        }
        if (generated) {
            log.warn("""

                    ************************************************************
                    Feedloop created the first user.
                      username: admin
                      password: {}
                    This password is shown only once. Sign in and change it,
                    or set FEEDLOOP_ADMIN_PASSWORD before the first start.
                    ************************************************************""", password);
        } else {
            log.info("Created the first user 'admin' with the password from feedloop.admin.password");
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[15];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
