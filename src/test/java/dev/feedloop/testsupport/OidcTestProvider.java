package dev.feedloop.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerAutoConfiguration;
import org.springframework.boot.security.oauth2.server.authorization.autoconfigure.servlet.OAuth2AuthorizationServerJwtAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * A real OpenID Connect provider (Spring Authorization Server) for single sign-on tests: its own
 * small application in the test JVM, on {@code localhost} and a random port, with one registered
 * client ({@link #CLIENT_ID}) whose redirect URI is any port of {@code 127.0.0.1} (so the Feedloop
 * test server is opened as {@code 127.0.0.1} and the two servers' cookies never mix). Its people
 * sign in on its own login page with {@link #PASSWORD}; the claims of their ID tokens are those
 * set with {@link #person}, read at each sign-in.
 *
 * <p>Not a Spring component: the Feedloop test context never sees it.
 */
public final class OidcTestProvider {

    public static final String CLIENT_ID = "feedloop";
    public static final String CLIENT_SECRET = "feedloop-test-secret";
    public static final String PASSWORD = "idp-password-123";
    /** The Feedloop registration id of this provider in tests. */
    public static final String REGISTRATION = "idp";

    private static final List<String> LOGINS = List.of("anna", "boss", "eve", "maria", "nora");
    private static final Map<String, Map<String, Object>> CLAIMS = new ConcurrentHashMap<>();
    private static String issuer;

    private OidcTestProvider() {}

    /** The issuer URI of the provider, started on first use and kept for the test JVM. */
    public static synchronized String issuer() {
        if (issuer == null) {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(Server.class)
                    .web(WebApplicationType.SERVLET)
                    .properties(
                            // none of Feedloop's application.properties, and no test database
                            "spring.config.name=oidc-test-provider",
                            "spring.datasource.url=",
                            "spring.main.banner-mode=off",
                            "server.port=0",
                            "spring.security.oauth2.authorizationserver.client.feedloop.registration.client-id="
                                    + CLIENT_ID,
                            "spring.security.oauth2.authorizationserver.client.feedloop.registration.client-secret={noop}"
                                    + CLIENT_SECRET,
                            "spring.security.oauth2.authorizationserver.client.feedloop.registration.client-authentication-methods=client_secret_basic",
                            "spring.security.oauth2.authorizationserver.client.feedloop.registration.authorization-grant-types=authorization_code",
                            "spring.security.oauth2.authorizationserver.client.feedloop.registration.redirect-uris=http://127.0.0.1/login/oauth2/code/"
                                    + REGISTRATION,
                            "spring.security.oauth2.authorizationserver.client.feedloop.registration.scopes=openid,profile,email",
                            "spring.security.oauth2.authorizationserver.client.feedloop.require-authorization-consent=false")
                    .run();
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            issuer = "http://localhost:" + port;
            Runtime.getRuntime().addShutdownHook(new Thread(context::close, "oidc-test-provider-stop"));
        }
        return issuer;
    }

    /**
     * Registers this provider with the Feedloop test server as {@link #REGISTRATION} (starting it
     * first), showing {@code clientName} on the login page.
     */
    public static void register(org.springframework.test.context.DynamicPropertyRegistry registry, String clientName) {
        String registration = "spring.security.oauth2.client.registration." + REGISTRATION;
        registry.add(registration + ".client-id", () -> CLIENT_ID);
        registry.add(registration + ".client-secret", () -> CLIENT_SECRET);
        registry.add(registration + ".client-name", () -> clientName);
        registry.add(registration + ".scope", () -> "openid,profile,email");
        registry.add(
                "spring.security.oauth2.client.provider." + REGISTRATION + ".issuer-uri", OidcTestProvider::issuer);
    }

    /**
     * Sets the ID token claims of {@code login} (one of anna, boss, eve, maria, nora) for their
     * next sign-ins; {@code sub} is always the login.
     */
    public static void person(String login, Map<String, Object> claims) {
        if (!LOGINS.contains(login)) {
            throw new IllegalArgumentException("no such person at the test provider: " + login);
        }
        CLAIMS.put(login, Map.copyOf(claims));
    }

    /** The provider's beans (lite mode: no {@code @Configuration}, so no component scan finds it). */
    @ImportAutoConfiguration({
        TomcatServletWebServerAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class,
        WebMvcAutoConfiguration.class,
        HttpMessageConvertersAutoConfiguration.class,
        SecurityAutoConfiguration.class,
        ServletWebSecurityAutoConfiguration.class,
        SecurityFilterAutoConfiguration.class,
        OAuth2AuthorizationServerAutoConfiguration.class,
        OAuth2AuthorizationServerJwtAutoConfiguration.class
    })
    static class Server {

        @Bean
        UserDetailsService people() {
            return new InMemoryUserDetailsManager(LOGINS.stream()
                    .map(login -> User.withUsername(login)
                            .password("{noop}" + PASSWORD)
                            .roles("USER")
                            .build())
                    .toList());
        }

        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims() {
            return context -> {
                if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                    CLAIMS.getOrDefault(context.getPrincipal().getName(), Map.of())
                            .forEach((name, value) -> context.getClaims().claim(name, value));
                }
            };
        }
    }
}
