package dev.feedloop.export;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.problems.Refusal;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Snapshots made by jobs: the request answers at once, the job's progress and outcome are
 * readable, a cancel stops even a statement that is writing, and a writing connection that dies
 * (as when its server is killed) leaves no snapshot rows and is tried again.
 */
@IntegrationTest
class SnapshotJobsTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    @Autowired
    ApiTokens tokens;

    @Autowired
    SnapshotJobs jobs;

    @Autowired
    DataSource dataSource;

    final HttpClient http = HttpClient.newHttpClient();

    UserView admin;
    AccountPrincipal adminPrincipal;
    String adminToken;
    long projectId;

    @BeforeEach
    void scenario() {
        admin = data.admin();
        adminPrincipal = new AccountPrincipal(admin.id(), admin.username(), admin.displayName(), true, true, null);
        adminToken = tokens.create(admin.id(), "jobs").token();
        projectId = data.project().slug("jobs-demo").create().id();
        long annotator = data.user().id();
        for (int i = 1; i <= 4; i++) {
            long item = data.storedItem(projectId, "q-" + i, List.of(message("user", "Вопрос " + i)));
            data.candidate(item, "a", "m1", "Ответ A");
            data.candidate(item, "b", "m2", "Ответ B");
            data.ranking(item, annotator).tiers(List.of("a"), List.of("b")).insert();
        }
    }

    @Test
    void theRequestAnswersTheJobAtOnceAndTheJobMakesTheSnapshot() throws Exception {
        Instant before = Instant.now();
        var response = post("/api/v1/projects/jobs-demo/snapshots?kind=preferences&format=trl&testRatio=0.5&seed=j");
        Instant after = Instant.now();

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode job = json.readTree(response.body());
        long id = job.get("id").asLong();
        assertThat(response.headers().firstValue("Location")).hasValue("/api/v1/snapshot-jobs/" + id);
        assertThat(job.get("state").asString()).isIn("queued", "running");
        assertThat(job.get("filesTotal").asInt()).isEqualTo(2);
        assertThat(job.get("createdBy").asString()).isEqualTo(admin.username());

        JsonNode done = awaitJob(id, j -> j.get("state").asString().equals("done"));
        assertThat(done.get("filesDone").asInt()).isEqualTo(2);
        assertThat(done.get("lines").asLong()).isEqualTo(4);
        assertThat(done.get("attempts").asInt()).isEqualTo(1);
        assertThat(done.get("phase").isNull()).isTrue();
        long snapshot = done.get("snapshotId").asLong();
        JsonNode manifest = json.readTree(get("/api/v1/snapshots/" + snapshot).body());
        assertThat(manifest.get("counts").get("train").asLong()
                        + manifest.get("counts").get("test").asLong())
                .isEqualTo(4);
        assertThat(done.get("bytes").asLong())
                .isEqualTo(manifest.get("files").get(0).get("size").asLong()
                        + manifest.get("files").get(1).get("size").asLong());
        // asOf was fixed when the snapshot was asked for, not when the job ran
        Instant asOf = Instant.parse(manifest.get("asOf").asString());
        assertThat(asOf).isBetween(before.minusMillis(1), after);

        JsonNode list = json.readTree(
                get("/api/v1/projects/jobs-demo/snapshot-jobs?state=done").body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asLong()).isEqualTo(id);
        assertThat(get("/api/v1/projects/jobs-demo/snapshot-jobs?state=sleeping")
                        .statusCode())
                .isEqualTo(400);
        assertThat(post("/api/v1/snapshot-jobs/" + id + "/cancel").statusCode()).isEqualTo(409);
    }

    @Test
    void waitAnswersTheManifestWhenTheSnapshotIsMadeInTime() throws Exception {
        var response = post("/api/v1/projects/jobs-demo/snapshots?kind=preferences&format=kto&wait=30");

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode manifest = json.readTree(response.body());
        assertThat(response.headers().firstValue("Location"))
                .hasValue("/api/v1/snapshots/" + manifest.get("id").asLong());
        assertThat(manifest.get("format").asString()).isEqualTo("kto");
    }

    @Test
    void badParametersAreRefusedAtOnceAndNoJobIsStored() throws Exception {
        var refused = post("/api/v1/projects/jobs-demo/snapshots?kind=preferences&testRatio=7");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json.readTree(refused.body())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("testRatio");
        assertThat(count("snapshot_job")).isZero();
    }

    @Test
    void aQueuedJobIsCancelledAtOnceAndNeverRuns() throws Exception {
        long id = jdbc.sql("""
                        INSERT INTO snapshot_job (project_id, kind, format, parameters, files_total, created_by)
                        VALUES (?, 'PREFERENCES', 'trl', '{"format": "trl"}', 2, ?) RETURNING id
                        """).params(projectId, admin.id()).query(Long.class).single();

        var cancelled = post("/api/v1/snapshot-jobs/" + id + "/cancel");

        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(json.readTree(cancelled.body()).get("state").asString()).isEqualTo("cancelled");
        assertThat(json.readTree(cancelled.body()).get("cancelRequested").asBoolean())
                .isTrue();
        assertThat(count("snapshot")).isZero();
    }

    @Test
    void cancellingARunningJobStopsItsWritingStatementAndKeepsNothing() throws Exception {
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            // the job waits behind this lock inside its writing transaction, its snapshot row already inserted
            blocker.createStatement().execute("LOCK TABLE snapshot_file IN EXCLUSIVE MODE");
            long id = jobs.start("jobs-demo", adminPrincipal, ExportKind.PREFERENCES, ExportParameters.of("trl"))
                    .id();
            awaitWriting(id);

            SnapshotJobView cancelling = jobs.cancel(id, adminPrincipal);
            assertThat(cancelling.cancelRequested()).isTrue();
            JsonNode cancelled = awaitJob(id, j -> j.get("state").asString().equals("cancelled"));
            blocker.rollback();

            assertThat(cancelled.get("snapshotId").isNull()).isTrue();
            assertThat(count("snapshot")).isZero();
            assertThat(count("snapshot_line")).isZero();
            assertThat(jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'export-snapshot'")
                            .query(Long.class)
                            .single())
                    .as("the execution is removed, not retried")
                    .isZero();
        }
    }

    @Test
    void aWritingConnectionThatDiesLeavesNothingAndTheJobIsTriedAgain() throws Exception {
        long id;
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            blocker.createStatement().execute("LOCK TABLE snapshot_file IN EXCLUSIVE MODE");
            id = jobs.start("jobs-demo", adminPrincipal, ExportKind.PREFERENCES, ExportParameters.of("rankings"))
                    .id();
            awaitWriting(id);
            // what PostgreSQL sees when the server holding the transaction is killed
            assertThat(jdbc.sql(
                                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = ?")
                            .param(SnapshotJobWorker.connectionName(id))
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
            JsonNode retrying = awaitJob(id, j -> j.get("state").asString().equals("queued"));
            assertThat(retrying.get("error").asString()).isNotBlank();
            assertThat(retrying.get("attempts").asInt()).isEqualTo(1);
            assertThat(count("snapshot")).isZero();
            blocker.rollback();
        }
        // the execution comes back 10 s later
        JsonNode done = awaitJob(id, j -> j.get("state").asString().equals("done"), Duration.ofSeconds(40));
        assertThat(done.get("attempts").asInt()).isEqualTo(2);
        assertThat(count("snapshot")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM snapshot_line l JOIN snapshot_file f ON f.id = l.file_id")
                        .query(Long.class)
                        .single())
                .isEqualTo(4);
    }

    @Test
    void aJobWhoseAdministratorIsNoLongerOneFailsWithTheReason() throws Exception {
        long id = jdbc.sql("""
                        INSERT INTO snapshot_job (project_id, kind, format, parameters, files_total, created_by)
                        VALUES (?, 'PREFERENCES', 'trl', '{"format": "trl"}', 2, ?) RETURNING id
                        """).params(projectId, admin.id()).query(Long.class).single();
        jdbc.sql("UPDATE app_user SET admin = false WHERE id = ?")
                .param(admin.id())
                .update();

        // the execution, as the request would have scheduled it before the administrator was demoted
        jdbc.sql("""
                        INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version)
                        VALUES ('export-snapshot', ?, now(), false, 1)
                        """).param(String.valueOf(id)).update();

        SnapshotJobView failed = awaitState(id, "FAILED");
        assertThat(failed.error()).isEqualTo("Only administrators may export datasets.");
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(count("snapshot")).isZero();
    }

    @Test
    void onlyAdministratorsAskForFollowAndCancelJobs() throws Exception {
        long member = data.user().id();
        String memberToken = tokens.create(member, "member").token();
        long id = jobs.start("jobs-demo", adminPrincipal, ExportKind.SFT, ExportParameters.of("messages"))
                .id();

        assertThat(send(request("/api/v1/snapshot-jobs/" + id, memberToken).GET())
                        .statusCode())
                .isEqualTo(403);
        assertThat(send(request("/api/v1/snapshot-jobs/" + id + "/cancel", memberToken)
                                .POST(HttpRequest.BodyPublishers.noBody()))
                        .statusCode())
                .isEqualTo(403);
        assertThat(get("/api/v1/snapshot-jobs/999999").statusCode()).isEqualTo(404);
        var memberPrincipal = new AccountPrincipal(member, "m", "m", false, true, null);
        assertThatThrownBy(() -> jobs.start("jobs-demo", memberPrincipal, ExportKind.SFT, ExportParameters.of(null)))
                .isInstanceOf(Refusal.class);
    }

    SnapshotJobView awaitState(long id, String state) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!jdbc.sql("SELECT state FROM snapshot_job WHERE id = ?")
                .param(id)
                .query(String.class)
                .single()
                .equals(state)) {
            assertThat(System.nanoTime())
                    .as("job " + id + " " + state + ": " + jobs.find(id))
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
        return jobs.find(id);
    }

    void awaitWriting(long id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE application_name = ? AND wait_event_type = 'Lock'")
                        .param(SnapshotJobWorker.connectionName(id))
                        .query(Long.class)
                        .single()
                == 0) {
            assertThat(System.nanoTime()).as("job " + id + " writing").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    JsonNode awaitJob(long id, Predicate<JsonNode> until) throws Exception {
        return awaitJob(id, until, Duration.ofSeconds(30));
    }

    JsonNode awaitJob(long id, Predicate<JsonNode> until, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            var response = get("/api/v1/snapshot-jobs/" + id);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode job = json.readTree(response.body());
            if (until.test(job)) {
                return job;
            }
            assertThat(System.nanoTime()).as("job " + id + ": " + job).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    HttpRequest.Builder request(String path, String token) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(request(path, adminToken).GET());
    }

    HttpResponse<String> post(String path) throws Exception {
        return send(request(path, adminToken).POST(HttpRequest.BodyPublishers.noBody()));
    }
}
