package dev.feedloop.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kill -9} of a real Feedloop server (its own JVM, on its own embedded PostgreSQL) while 16
 * annotators submit rankings over HTTP: after the restart every acknowledged submit is in the
 * export exactly once. Its own processes only, so it runs beside the other tests. The server hashes
 * passwords with a low bcrypt cost ({@link ServerProcess}): every request here signs in with Basic.
 */
@Execution(ExecutionMode.CONCURRENT)
class ServerKilledWhileSubmittingTests {

    private static final Logger log = LoggerFactory.getLogger(ServerKilledWhileSubmittingTests.class);

    private static final int ANNOTATORS = 16;
    private static final int ITEMS = 120;
    /** Acknowledged submits after which the server is killed, while every annotator is still at work. */
    private static final int KILL_AFTER = 40;

    private static final String ADMIN_PASSWORD = "kill -9 admin secret";
    private static final String ANNOTATOR_PASSWORD = "kill -9 annotator secret";
    private static final String PROJECT = "crash";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private final JsonMapper json = JsonMapper.builder().build();

    /** A submit that was sent but never answered, because the server died: the annotator sends it again. */
    record Unanswered(String annotator, long taskId, String body) {}

    /** The server's JVM and its HTTP port. */
    record RunningServer(ChildJvm jvm, int port) implements AutoCloseable {
        @Override
        public void close() {
            jvm.close();
        }
    }

    @AfterEach
    void killLeftoverPostgres() throws Exception {
        EmbeddedDatabaseCrashTests.killPostgres(dir.resolve("pg"));
    }

    @Test
    void everyAcknowledgedSubmitIsInTheExportExactlyOnceAfterTheServerIsKilled() throws Exception {
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        Queue<Unanswered> unanswered = new ConcurrentLinkedQueue<>();
        Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        List<String> annotators = IntStream.rangeClosed(1, ANNOTATORS)
                .mapToObj(i -> "annotator%02d".formatted(i))
                .toList();

        try (RunningServer server = startServer("first.log")) {
            int port = server.port();
            setUp(port, annotators);
            ExecutorService threads = Executors.newFixedThreadPool(ANNOTATORS);
            for (String annotator : annotators) {
                threads.submit(() -> annotate(port, annotator, acknowledged, unanswered, unexpected));
            }
            server.jvm()
                    .await(() -> acknowledged.size() >= KILL_AFTER, Duration.ofSeconds(120), KILL_AFTER + " submits");
            server.jvm().kill();
            threads.shutdown();
            assertThat(threads.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        int beforeKill = acknowledged.size();

        try (RunningServer server = startServer("second.log")) {
            int port = server.port();
            assertThat(server.jvm().output())
                    .as("the killed server's PostgreSQL was still running and was stopped")
                    .contains("was left running by a Feedloop server that ended without stopping it");
            for (Unanswered submit : unanswered) {
                var response =
                        post(port, "/api/v1/tasks/" + submit.taskId() + "/submit", submit.annotator(), submit.body());
                if (response.statusCode() == 200 || response.statusCode() == 201) {
                    acknowledged.add(
                            json.readTree(response.body()).get("judgmentId").asLong());
                } else {
                    unexpected.add("retry " + response.statusCode() + " " + response.body());
                }
            }
            List<Long> exported = exportedJudgmentIds(port);
            log.info(
                    "{} submits acknowledged before the kill, {} sent again after the restart, {} rankings exported",
                    beforeKill,
                    unanswered.size(),
                    exported.size());

            assertThat(unexpected).isEmpty();
            assertThat(exported).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(beforeKill).isGreaterThanOrEqualTo(KILL_AFTER);
        }
    }

    /** Claims and submits rank tasks until the project is done or the server stops answering. */
    private void annotate(
            int port,
            String annotator,
            Set<Long> acknowledged,
            Queue<Unanswered> unanswered,
            Queue<String> unexpected) {
        while (true) {
            HttpResponse<String> claim;
            try {
                claim = post(port, "/api/v1/projects/" + PROJECT + "/tasks/next?kind=rank", annotator, "");
            } catch (IOException | InterruptedException e) {
                return;
            }
            if (claim.statusCode() == 204) {
                return;
            }
            if (claim.statusCode() != 200) {
                unexpected.add("claim " + claim.statusCode() + " " + claim.body());
                return;
            }
            JsonNode task = json.readTree(claim.body());
            List<List<String>> tiers = new ArrayList<>();
            task.get("candidates")
                    .forEach(candidate -> tiers.add(List.of(candidate.get("id").asString())));
            long taskId = task.get("taskId").asLong();
            String body = json.writeValueAsString(
                    Map.of("leaseToken", task.get("leaseToken").asString(), "tiers", tiers, "activeSeconds", 3));
            HttpResponse<String> submit;
            try {
                submit = post(port, "/api/v1/tasks/" + taskId + "/submit", annotator, body);
            } catch (IOException | InterruptedException e) {
                unanswered.add(new Unanswered(annotator, taskId, body));
                return;
            }
            if (submit.statusCode() == 201) {
                acknowledged.add(json.readTree(submit.body()).get("judgmentId").asLong());
            } else {
                unexpected.add("submit " + submit.statusCode() + " " + submit.body());
                return;
            }
        }
    }

    private void setUp(int port, List<String> annotators) throws Exception {
        expect(
                201,
                post(
                        port,
                        "/api/v1/projects",
                        "admin",
                        json.writeValueAsString(Map.of(
                                "slug",
                                PROJECT,
                                "name",
                                "Killed while submitting",
                                "demonstrationsPerItem",
                                0,
                                "rankingsPerItem",
                                2,
                                "status",
                                "ACTIVE"))));
        for (String annotator : annotators) {
            expect(
                    201,
                    post(
                            port,
                            "/api/v1/users",
                            "admin",
                            json.writeValueAsString(Map.of(
                                    "username", annotator,
                                    "password", ANNOTATOR_PASSWORD,
                                    "displayName", annotator,
                                    "admin", false))));
            expect(200, send(port, "PUT", "/api/v1/projects/" + PROJECT + "/members/" + annotator, "admin", """
                            {"roles":["ANNOTATOR"]}"""));
        }
        StringBuilder items = new StringBuilder();
        for (int i = 1; i <= ITEMS; i++) {
            items.append(json.writeValueAsString(Map.of(
                            "id",
                            "q-" + i,
                            "prompt",
                            "Question " + i + "?",
                            "candidates",
                            List.of(
                                    Map.of("id", "a", "content", "Answer A to " + i),
                                    Map.of("id", "b", "content", "Answer B to " + i)))))
                    .append('\n');
        }
        expect(200, post(port, "/api/v1/projects/" + PROJECT + "/items?wait=60", "admin", items.toString()));
    }

    private List<Long> exportedJudgmentIds(int port) throws Exception {
        var response = send(
                port,
                "GET",
                "/api/v1/projects/" + PROJECT + "/exports/preferences?format=rankings&split=all",
                "admin",
                null);
        expect(200, response);
        List<Long> ids = new ArrayList<>();
        response.body()
                .lines()
                .map(json::readTree)
                .forEach(line -> line.get("rankings")
                        .forEach(ranking -> ids.add(ranking.get("judgment_id").asLong())));
        return ids;
    }

    private RunningServer startServer(String logName) throws IOException {
        int port = freePort();
        long started = System.nanoTime();
        ChildJvm server = ChildJvm.start(
                dir.resolve(logName),
                Map.of("FEEDLOOP_ADMIN_PASSWORD", ADMIN_PASSWORD),
                ServerProcess.class.getName(),
                "--server.port=" + port,
                "--spring.datasource.url=",
                "--feedloop.embedded-db.data-dir=" + dir.resolve("pg"),
                "--logging.level.root=WARN");
        try {
            server.await(() -> isUp(port), Duration.ofSeconds(180), "to answer on port " + port);
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
        log.info("The server in a child JVM answered after {} ms", (System.nanoTime() - started) / 1_000_000);
        return new RunningServer(server, port);
    }

    private boolean isUp(int port) {
        try {
            return send(port, "GET", "/actuator/health", null, null).statusCode() == 200;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private HttpResponse<String> post(int port, String path, String user, String body)
            throws IOException, InterruptedException {
        return send(port, "POST", path, user, body);
    }

    private HttpResponse<String> send(int port, String method, String path, String user, String body)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", path.contains("/items") ? "application/x-ndjson" : "application/json");
        }
        if (user != null) {
            String password = user.equals("admin") ? ADMIN_PASSWORD : ANNOTATOR_PASSWORD;
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void expect(int status, HttpResponse<String> response) {
        assertThat(response.statusCode())
                .as(
                        "%s %s answered %s",
                        response.request().method(), response.request().uri(), response.body())
                .isEqualTo(status);
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
