package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestUsers;
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
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * When every pooled connection is taken (more slow exports than connections, say), other requests
 * wait for one at most the pool's connection timeout and then answer 503: problem+json with
 * Retry-After for the API, the outage page for pages, DOWN for the health endpoint. Once the
 * connections come back, everything answers normally again.
 */
@IntegrationTest
class PoolExhaustionTests {

    /** The pool's connection timeout plus time to answer on a busy machine. */
    private static final Duration BOUND = Duration.ofSeconds(3 + 5);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Autowired
    DataSource dataSource;

    @Autowired
    TestUsers users;

    @Autowired
    ApiTokens tokens;

    @LocalServerPort
    int port;

    @Test
    void requestsAnswer503WithinTheBoundWhileEveryConnectionIsTakenAndRecoverAfter() throws Exception {
        var alice = users.member();
        String session = RealHttp.login(port, alice.username(), TestUsers.PASSWORD);
        String bearer = "Bearer " + tokens.create(alice.id(), "pool").token();
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((alice.username() + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));
        HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
        assertThat(pool.getConnectionTimeout()).isEqualTo(3000);

        List<Connection> held = new ArrayList<>();
        try {
            while (held.size() < pool.getMaximumPoolSize()) {
                held.add(pool.getConnection());
            }
            Map<String, Timed> answers = concurrently(Map.of(
                    "token", () -> send("/api/v1/users/me", "Authorization", bearer),
                    "basic", () -> send("/api/v1/projects", "Authorization", basic),
                    "page", () -> send("/", "Cookie", session),
                    "health", () -> send("/actuator/health", "Accept", "application/json")));

            assertThat(answers.values())
                    .allSatisfy(timed -> assertThat(timed.elapsed()).isLessThan(BOUND));
            assertThat(List.of(
                            answers.get("token").response(),
                            answers.get("basic").response()))
                    .allSatisfy(PoolExhaustionTests::isDatabaseUnavailableProblem);
            HttpResponse<String> page = answers.get("page").response();
            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(page.body()).contains("Temporarily unavailable").doesNotContain("Exception");
            HttpResponse<String> health = answers.get("health").response();
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"DOWN\"");
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

    static void isDatabaseUnavailableProblem(HttpResponse<String> response) {
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

    record Timed(HttpResponse<String> response, Duration elapsed) {}

    private static Map<String, Timed> concurrently(Map<String, Callable<HttpResponse<String>>> calls) throws Exception {
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<Timed>> futures = new java.util.HashMap<>();
            calls.forEach((name, call) -> futures.put(name, executor.submit(() -> {
                long start = System.nanoTime();
                HttpResponse<String> response = call.call();
                return new Timed(response, Duration.ofNanos(System.nanoTime() - start));
            })));
            Map<String, Timed> results = new java.util.HashMap<>();
            for (var entry : futures.entrySet()) {
                results.put(entry.getKey(), entry.getValue().get());
            }
            return results;
        }
    }

    private HttpResponse<String> send(String path, String header, String value) throws Exception {
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
