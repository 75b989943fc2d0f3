package dev.feedloop.web;

import static dev.feedloop.web.DatabaseUnavailableTests.awaitLockWaiters;
import static dev.feedloop.web.DatabaseUnavailableTests.isDatabaseUnavailableProblem;
import static dev.feedloop.web.DatabaseUnavailableTests.isOutagePage;
import static dev.feedloop.web.DatabaseUnavailableTests.timed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.FeedloopApplication;
import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.NewUser;
import dev.feedloop.accounts.Users;
import dev.feedloop.database.EmbeddedDatabase;
import dev.feedloop.database.EmbeddedDatabaseProperties;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.web.DatabaseUnavailableTests.Timed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;

/**
 * The database stops and starts again under a running server: requests in flight when it stops,
 * and requests while it is down, answer 503 within a few seconds (problem+json for the API, the
 * outage page for pages, DOWN for health); once it is back, the same session and token work again
 * without restarting the server.
 *
 * <p>Runs its own PostgreSQL and its own server on it, so the test JVM's shared database is never
 * stopped.
 */
class DatabaseRestartTests {

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @TempDir
    Path dir;

    int port;

    /** The private database while it runs. */
    EmbeddedDatabase database;

    @Test
    void requestsDuringARestartAnswer503QuicklyAndWorkResumesWithoutRestartingTheServer() throws Exception {
        database = EmbeddedDatabase.start(properties(0));
        int databasePort = database.port();
        try (var server = new SpringApplicationBuilder(FeedloopApplication.class)
                .properties(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "spring.datasource.url=" + database.jdbcUrl(),
                        "spring.datasource.username=" + database.username(),
                        "spring.datasource.password=" + database.password(),
                        "spring.datasource.hikari.pool-name=restart",
                        "feedloop.admin.password=" + TestData.PASSWORD)
                .run()) {
            port = ((ServletWebServerApplicationContext) server).getWebServer().getPort();
            var ann = server.getBean(Users.class).create(new NewUser("ann", TestData.PASSWORD, "Ann Admin", true));
            String bearer = "Bearer "
                    + server.getBean(ApiTokens.class)
                            .create(ann.id(), "restart")
                            .token();
            String basic = DatabaseUnavailableTests.basic("ann");
            String session = RealHttp.login(port, "ann", TestData.PASSWORD);
            assertThat(get("/api/v1/users/me", "Authorization", bearer).statusCode())
                    .isEqualTo(200);
            assertThat(createUser(bearer, "before").statusCode()).isEqualTo(201);

            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                // Three requests wait on locks inside the database when it stops, so their connections
                // are terminated under them (SQLState 57P01): in the token check, the password check
                // and the session lookup.
                Future<Timed> token;
                Future<Timed> password;
                Future<Timed> page;
                try (Connection locks =
                        DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
                    locks.setAutoCommit(false);
                    locks.createStatement()
                            .execute("LOCK TABLE api_token, app_user, spring_session IN ACCESS EXCLUSIVE MODE");
                    token = executor.submit(timed(() -> get("/api/v1/users/me", "Authorization", bearer)));
                    password = executor.submit(timed(() -> get("/api/v1/projects", "Authorization", basic)));
                    page = executor.submit(timed(() -> get("/", "Cookie", session)));
                    awaitLockWaiters(locks, 3);
                    stopDatabase();
                }
                isDatabaseUnavailableProblem(token.get());
                isDatabaseUnavailableProblem(password.get());
                isOutagePage(page.get());

                // While it is down.
                token = executor.submit(timed(() -> get("/api/v1/users/me", "Authorization", bearer)));
                Future<Timed> write = executor.submit(timed(() -> createUser(bearer, "during")));
                password = executor.submit(timed(() -> get("/api/v1/projects", "Authorization", basic)));
                page = executor.submit(timed(() -> get("/", "Cookie", session)));
                Future<Timed> health =
                        executor.submit(timed(() -> get("/actuator/health", "Accept", "application/json")));
                isDatabaseUnavailableProblem(token.get());
                isDatabaseUnavailableProblem(write.get());
                isDatabaseUnavailableProblem(password.get());
                isOutagePage(page.get());
                assertThat(health.get().elapsed()).isLessThan(DatabaseUnavailableTests.BOUND);
                assertThat(health.get().response().statusCode()).isEqualTo(503);
                assertThat(health.get().response().body()).contains("\"DOWN\"");
            }

            database = EmbeddedDatabase.start(properties(databasePort));
            awaitStatus(200, "/api/v1/users/me", "Authorization", bearer);
            assertThat(createUser(bearer, "after").statusCode()).isEqualTo(201);
            assertThat(get("/api/v1/projects", "Authorization", basic).statusCode())
                    .isEqualTo(200);
            assertThat(get("/", "Cookie", session).body()).contains("Ann Admin");
            assertThat(get("/actuator/health", "Accept", "application/json").body())
                    .contains("\"UP\"");
        } finally {
            stopDatabase();
        }
    }

    private EmbeddedDatabaseProperties properties(int databasePort) {
        return new EmbeddedDatabaseProperties(
                dir.resolve("postgres"), databasePort, "feedloop", Duration.ofSeconds(60));
    }

    private void stopDatabase() {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    private void awaitStatus(int status, String path, String header, String value) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int last = 0;
        while (System.nanoTime() < deadline) {
            last = get(path, header, value).statusCode();
            if (last == status) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(path + " still answers " + last);
    }

    private HttpResponse<String> get(String path, String header, String value) throws Exception {
        return DatabaseUnavailableTests.send(http, port, path, header, value);
    }

    private HttpResponse<String> createUser(String bearer, String username) throws Exception {
        String body = "{\"username\":\"" + username + "\",\"password\":\"" + TestData.PASSWORD + "\",\"displayName\":\""
                + username + "\",\"admin\":false}";
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/users"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", bearer)
                .header("Content-Type", "application/json")
                .header("Accept-Language", "en")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
