package dev.feedloop.accounts;

import dev.feedloop.testsupport.OidcTestProvider;
import dev.feedloop.testsupport.TestData;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What single sign-on tests share: the test server registered with {@link OidcTestProvider} as
 * "Test IdP" (each subclass adds its {@code feedloop.accounts.sso.*} settings, so its own context).
 */
abstract class OidcSignInTestBase {

    @DynamicPropertySource
    static void provider(DynamicPropertyRegistry registry) {
        OidcTestProvider.register(registry, "Test IdP");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestData data;
}
