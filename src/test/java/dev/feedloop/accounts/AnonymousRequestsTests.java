package dev.feedloop.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.test.web.support.WebTestUtils;
import org.springframework.web.context.WebApplicationContext;

/** Visitors who are not signed in cost no session row, and the login form stays CSRF-protected. */
@IntegrationTest
class AnonymousRequestsTests {

    private static final HttpClient client =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WebApplicationContext context;

    @LocalServerPort
    int port;

    /**
     * MockMvc's {@code csrf()} (used by other tests of this shared context) swaps the page chain's
     * token repository for a session-based test one; put the server's own back.
     */
    @BeforeEach
    void serverCsrfTokenRepository() {
        WebTestUtils.setCsrfTokenRepository(
                new MockHttpServletRequest(context.getServletContext()), new SessionOrCookieCsrfTokenRepository());
    }

    @Test
    void anonymousRequestsStoreNoSession() throws Exception {
        int before = sessionRows();
        for (int i = 0; i < 50; i++) {
            assertThat(get("/login", "").statusCode()).isEqualTo(200);
            assertThat(get("/", "").statusCode()).isEqualTo(302);
            assertThat(get("/css/app.css", "").statusCode()).isEqualTo(200);
            assertThat(get("/favicon.svg", "").statusCode())
                    .as("the logo on the login page")
                    .isEqualTo(200);
        }
        assertThat(get("/login?error", "").statusCode()).isEqualTo(200);
        assertThat(get("/projects/anything/write", "").statusCode()).isEqualTo(302);
        assertThat(sessionRows()).isEqualTo(before);
        assertThat(get("/login", "").headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("SESSION="));
    }

    @Test
    void aFailedLoginStoresNoSessionEither() throws Exception {
        var alice = data.user();
        int before = sessionRows();
        LoginForm form = loginForm();
        var response = postLogin(
                form.cookies(),
                "username=" + alice.username() + "&password=wrong+password+here&_csrf=" + enc(form.token()));
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(sessionRows()).isEqualTo(before);
    }

    @Test
    void signingInStillWorksAndMakesTheFirstSession() throws Exception {
        var alice = data.user();
        int before = sessionRows();
        LoginForm form = loginForm();
        var signedIn = postLogin(
                form.cookies(),
                "username=" + alice.username() + "&password=" + enc(TestData.PASSWORD) + "&_csrf=" + enc(form.token()));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(sessionRows()).isEqualTo(before + 1);
        String session = cookies(signedIn).replaceAll(".*(SESSION=[^;]+).*", "$1");
        assertThat(get("/account", session).statusCode()).isEqualTo(200);
    }

    @Test
    void theLoginFormIsRefusedWithoutItsCsrfToken() throws Exception {
        var alice = data.user();
        LoginForm form = loginForm();
        String credentials = "username=" + alice.username() + "&password=" + enc(TestData.PASSWORD);
        // no token
        assertThat(postLogin(form.cookies(), credentials).statusCode()).isEqualTo(403);
        // a made-up token
        assertThat(postLogin(form.cookies(), credentials + "&_csrf=not-the-token")
                        .statusCode())
                .isEqualTo(403);
        // the page's token without the cookie it belongs to (another browser's token)
        assertThat(postLogin("", credentials + "&_csrf=" + enc(form.token())).statusCode())
                .isEqualTo(403);
        // the token and its cookie
        var signedIn = postLogin(form.cookies(), credentials + "&_csrf=" + enc(form.token()));
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/"));
    }

    @Test
    void afterSigningInTheVisitorLandsWhereTheyWereGoing() throws Exception {
        var alice = data.user();
        var denied = get("/account", "");
        assertThat(denied.statusCode()).isEqualTo(302);
        String savedRequest = cookies(denied);
        LoginForm form = loginForm();
        var signedIn = postLogin(
                savedRequest + "; " + form.cookies(),
                "username=" + alice.username() + "&password=" + enc(TestData.PASSWORD) + "&_csrf=" + enc(form.token()));
        assertThat(signedIn.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/account"));
    }

    private record LoginForm(String cookies, String token) {}

    private LoginForm loginForm() throws IOException, InterruptedException {
        var page = get("/login", "");
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(csrf.find()).as("a CSRF token on the login page").isTrue();
        String cookies = cookies(page);
        assertThat(cookies).contains("XSRF-TOKEN=").doesNotContain("SESSION=");
        return new LoginForm(cookies, csrf.group(1));
    }

    private HttpResponse<String> get(String path, String cookies) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri(path)).header("Accept", "text/html");
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postLogin(String cookies, String form) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Every cookie the response sets, as a {@code Cookie} request header value. */
    private static String cookies(HttpResponse<?> response) {
        return String.join(
                "; ",
                response.headers().allValues("Set-Cookie").stream()
                        .map(c -> c.indexOf(';') < 0 ? c : c.substring(0, c.indexOf(';')))
                        .toList());
    }

    private int sessionRows() {
        return jdbc.sql("SELECT count(*) FROM spring_session")
                .query(Integer.class)
                .single();
    }
}
