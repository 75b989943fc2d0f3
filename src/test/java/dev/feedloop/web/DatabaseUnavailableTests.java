package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests that cannot use the database answer 503 within a few seconds: problem+json with
 * Retry-After for the API, the outage page for pages, DOWN for the health endpoint. When every
 * pooled connection is taken (more slow exports than connections, say), others wait for one at most
 * the pool's connection timeout; when a request's connection is terminated under it, it answers at
 * once. Afterwards everything answers normally again.
 */
@IntegrationTest
class DatabaseUnavailableTests {

    /** The pool's connection timeout plus time to answer on a busy machine. */
    static final Duration BOUND = Duration.ofSeconds(3 + 5);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Autowired
    DataSource dataSource;

    @Autowired
    TestData data;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @LocalServerPort
    int port;

    @Test
    void everyConnectionTakenAnswers503WithinThePoolTimeoutAndRecoversAfter() throws Exception {
        var alice = data.user();
        String session = RealHttp.login(port, alice.username(), TestData.PASSWORD);
        String bearer = "Bearer " + tokens.create(alice.id(), "pool").token();
        String basic = basic(alice.username());
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        assertThat(pool.getConnectionTimeout()).isEqualTo(3000);
        assertThat(pool.getDataSourceProperties()).containsEntry("connectTimeout", "3");

        List<Connection> held = new ArrayList<>();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            while (held.size() < pool.getMaximumPoolSize()) {
                held.add(pool.getConnection());
            }
            Future<Timed> token = executor.submit(timed(() -> send("/api/v1/users/me", "Authorization", bearer)));
            Future<Timed> password = executor.submit(timed(() -> send("/api/v1/projects", "Authorization", basic)));
            Future<Timed> page = executor.submit(timed(() -> send("/", "Cookie", session)));
            Future<Timed> health = executor.submit(timed(() -> send("/actuator/health", "Accept", "application/json")));

            isDatabaseUnavailableProblem(token.get());
            isDatabaseUnavailableProblem(password.get());
            isOutagePage(page.get());
            assertThat(health.get().elapsed()).isLessThan(BOUND);
            assertThat(health.get().response().statusCode()).isEqualTo(503);
            assertThat(health.get().response().body()).contains("\"DOWN\"");
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }

        assertThat(send("/api/v1/users/me", "Authorization", bearer).statusCode())
                .isEqualTo(200);
        assertThat(send("/api/v1/projects", "Authorization", basic).statusCode())
                .isEqualTo(200);
        assertThat(send("/", "Cookie", session).body()).contains(alice.displayName());
        assertThat(send("/actuator/health", "Accept", "application/json").body())
                .contains("\"UP\"");
    }

    @Test
    void requestsWhoseConnectionIsTerminatedMidwayAnswer503() throws Exception {
        var alice = data.admin();
        String session = RealHttp.login(port, alice.username(), TestData.PASSWORD);
        String bearer = "Bearer " + tokens.create(alice.id(), "terminated").token();
        String basic = basic(alice.username());

        Timed api;
        Timed page;
        Timed signIn;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor();
                Connection locks = dataSource.getConnection()) {
            locks.setAutoCommit(false);
            // Two requests get past sign-in and wait inside a service; one waits in the password check.
            locks.createStatement().execute("LOCK TABLE project IN ACCESS EXCLUSIVE MODE");
            Future<Timed> apiCall = executor.submit(timed(() -> send("/api/v1/projects", "Authorization", bearer)));
            Future<Timed> pageCall = executor.submit(timed(() -> send("/projects", "Cookie", session)));
            awaitLockWaiters(locks, 2);
            locks.createStatement().execute("LOCK TABLE app_user IN ACCESS EXCLUSIVE MODE");
            Future<Timed> signInCall = executor.submit(timed(() -> send("/api/v1/users/me", "Authorization", basic)));
            awaitLockWaiters(locks, 3);
            // What a database shutdown, or an administrator, does to a session: SQLState 57P01.
            locks.createStatement()
                    .execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
            api = apiCall.get();
            page = pageCall.get();
            signIn = signInCall.get();
            locks.rollback();
        }

        isDatabaseUnavailableProblem(api);
        isDatabaseUnavailableProblem(signIn);
        isOutagePage(page);

        assertThat(send("/api/v1/projects", "Authorization", bearer).statusCode())
                .isEqualTo(200);
        assertThat(send("/projects", "Cookie", session).statusCode()).isEqualTo(200);
        assertThat(send("/api/v1/users/me", "Authorization", basic).statusCode())
                .isEqualTo(200);
    }

    @Test
    void exportWhoseConnectionIsTerminatedBeforeItsFirstLineAnswers503WithoutDownloadHeaders() throws Exception {
        var admin = data.admin();
        String bearer = "Bearer " + tokens.create(admin.id(), "export").token();
        long item = data.storedItem(
                data.project().slug("outage").create().id(), "q-1", List.of(TestData.message("user", "Which?")));
        data.candidate(item, "a", "m1", "First");
        data.candidate(item, "b", "m2", "Second");
        data.ranking(item, admin.id()).tiers(List.of("a"), List.of("b")).insert();
        String export = "/api/v1/projects/outage/exports/preferences?format=trl";

        Timed answer;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor();
                Connection locks = dataSource.getConnection()) {
            locks.setAutoCommit(false);
            // The export's COPY, running after the response headers were set, waits on the lock.
            locks.createStatement().execute("LOCK TABLE ranking IN ACCESS EXCLUSIVE MODE");
            Future<Timed> call = executor.submit(timed(() -> http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + export))
                            .timeout(Duration.ofSeconds(20))
                            .header("Authorization", bearer)
                            .header("Accept-Encoding", "gzip")
                            .build(),
                    HttpResponse.BodyHandlers.ofString())));
            awaitLockWaiters(locks, 1);
            locks.createStatement()
                    .execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE wait_event_type = 'Lock'");
            answer = call.get();
            locks.rollback();
        }

        isDatabaseUnavailableProblem(answer);
        assertThat(answer.response().headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(answer.response().headers().firstValue("Content-Disposition"))
                .isEmpty();
        assertThat(send(export, "Authorization", bearer).body()).contains("\"chosen\"");
    }

    /** The API's answer while the database cannot be used, within the bound. */
    static void isDatabaseUnavailableProblem(Timed timed) {
        assertThat(timed.elapsed()).isLessThan(BOUND);
        HttpResponse<String> response = timed.response();
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body())
                .contains("\"status\":503")
                .contains("\"code\":\"database-unavailable\"")
                .contains(
                        "\"detail\":\"The database cannot be reached right now. Retry the request after a few seconds.\"")
                .doesNotContain("Exception")
                .doesNotContain("Hikari");
    }

    /** The pages' answer while the database cannot be used, within the bound. */
    static void isOutagePage(Timed timed) {
        assertThat(timed.elapsed()).isLessThan(BOUND);
        HttpResponse<String> response = timed.response();
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).contains("Temporarily unavailable").doesNotContain("Exception");
    }

    /** Waits until {@code count} sessions of the database wait for a lock. */
    static void awaitLockWaiters(Connection connection, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (var rs = connection
                    .createStatement()
                    .executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'")) {
                rs.next();
                if (rs.getInt(1) >= count) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the requests never reached the locked tables");
    }

    record Timed(HttpResponse<String> response, Duration elapsed) {}

    static Callable<Timed> timed(Callable<HttpResponse<String>> call) {
        return () -> {
            long start = System.nanoTime();
            HttpResponse<String> response = call.call();
            return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
        };
    }

    static String basic(String username) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((username + ":" + TestData.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String path, String header, String value) throws Exception {
        return send(http, port, path, header, value);
    }

    /** A GET with one header; pages ask for HTML like a browser. */
    static HttpResponse<String> send(HttpClient http, int port, String path, String header, String value)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header(header, value)
                .header("Accept-Language", "en");
        if (!header.equals("Accept") && !path.startsWith("/api/")) {
            request.header("Accept", "text/html");
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
