package dev.feedloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.feedloop.accounts.UserView;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TableLock;
import dev.feedloop.testsupport.TestData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Imports as jobs: the 202 answer, progress over REST, {@code wait}, cancel, and running out of attempts. */
@IntegrationTest
class ImportJobsTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    DataSource dataSource;

    @Autowired
    Scheduler scheduler;

    UserView admin;
    ProjectSettings project;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        project = data.project().createAsAdmin();
    }

    static byte[] items(int count) {
        StringBuilder file = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            file.append("{\"id\":\"j-")
                    .append(i)
                    .append("\",\"prompt\":\"Question ")
                    .append(i)
                    .append("?\"}\n");
        }
        return file.toString().getBytes(StandardCharsets.UTF_8);
    }

    MvcTestResult post(byte[] body, String... params) {
        var request = mvc.post()
                .uri("/api/v1/projects/" + project.slug() + "/items")
                .with(TestData.as(admin))
                .contentType("application/x-ndjson")
                .content(body);
        for (int i = 0; i < params.length; i += 2) {
            request = request.param(params[i], params[i + 1]);
        }
        return request.exchange();
    }

    JsonNode body(MvcTestResult result) {
        return json.readTree(result.getResponse().getContentAsByteArray());
    }

    JsonNode get(long id) {
        MvcTestResult result = mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/imports/" + id)
                .with(TestData.as(admin))
                .exchange();
        assertThat(result).hasStatusOk();
        return body(result);
    }

    JsonNode await(long id, Predicate<JsonNode> until) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode imp = get(id);
        while (!until.test(imp) && System.nanoTime() < deadline) {
            sleep(50);
            imp = get(id);
        }
        return imp;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    long uploadRows(long id) {
        return jdbc.sql("SELECT count(*) FROM import_upload WHERE import_id = ?")
                .param(id)
                .query(Long.class)
                .single();
    }

    boolean blockedWriting(long id) {
        return TableLock.blocks(jdbc, Imports.connectionName(id));
    }

    @Test
    void theUploadIsAnsweredWith202AndTheJobsProgressIsReadableUntilItIsDone() {
        MvcTestResult answer = post(items(2_500));

        assertThat(answer).hasStatus(HttpStatus.ACCEPTED);
        JsonNode queued = body(answer);
        long id = queued.get("id").asLong();
        assertThat(answer.getResponse().getHeader("Location"))
                .isEqualTo("/api/v1/projects/" + project.slug() + "/imports/" + id);
        assertThat(queued.get("status").asString()).isIn("VALIDATING", "WRITING", "DONE");
        assertThat(queued.get("linesTotal").asLong()).isEqualTo(2_500);
        assertThat(queued.get("bytesTotal").asLong()).isEqualTo(items(2_500).length);
        assertThat(queued.propertyNames())
                .contains("phase", "attempts", "cancelRequested", "linesPerSecond", "etaSeconds", "linesRead");

        JsonNode done = await(id, imp -> imp.get("status").asString().equals("DONE"));
        assertThat(done.get("status").asString()).isEqualTo("DONE");
        assertThat(done.get("phase").isNull()).isTrue();
        assertThat(done.get("attempts").asInt()).isEqualTo(1);
        assertThat(done.get("itemsCreated").asLong()).isEqualTo(2_500);
        assertThat(done.get("linesWritten").asLong()).isEqualTo(2_500);
        assertThat(uploadRows(id))
                .as("the stored upload is deleted when the job ends")
                .isZero();
    }

    @Test
    void theUploadIsStoredInTheDatabaseInChunksOfAMegabyte() {
        scheduler.pause();
        try {
            byte[] file = items(40_000);
            assertThat(file.length).isGreaterThan(UploadChunks.CHUNK_BYTES);
            long id = body(post(file)).get("id").asLong();
            assertThat(get(id).get("phase").asString()).isEqualTo("queued");
            assertThat(jdbc.sql("SELECT coalesce(sum(length(data)), 0) FROM import_upload WHERE import_id = ?")
                            .param(id)
                            .query(Long.class)
                            .single())
                    .isEqualTo(file.length);
            assertThat(uploadRows(id))
                    .isEqualTo((file.length + UploadChunks.CHUNK_BYTES - 1) / UploadChunks.CHUNK_BYTES);
        } finally {
            scheduler.resume();
        }
    }

    @Test
    void waitAnswersTheCountsOrTheErrorsWhenTheJobEndsInTime() {
        MvcTestResult done = post(items(3), "wait", "30");
        assertThat(done).hasStatusOk();
        assertThat(body(done).get("itemsCreated").asLong()).isEqualTo(3);
        assertThat(body(done).get("status").asString()).isEqualTo("DONE");

        MvcTestResult refused = post("{\"id\":\"x\"}\n".getBytes(StandardCharsets.UTF_8), "wait", "30");
        assertThat(refused).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(body(refused).get("errorCount").asLong()).isEqualTo(1);
        assertThat(body(refused).at("/errors/0/line").asLong()).isEqualTo(1);
    }

    @Test
    void aQueuedImportIsCancelledAtOnceAndItsUploadDeleted() {
        scheduler.pause();
        long id;
        try {
            id = body(post(items(10))).get("id").asLong();
            assertThat(uploadRows(id)).isPositive();
            MvcTestResult cancelled = mvc.post()
                    .uri("/api/v1/projects/" + project.slug() + "/imports/" + id + "/cancel")
                    .with(TestData.as(admin))
                    .exchange();
            assertThat(cancelled).hasStatusOk();
            assertThat(body(cancelled).get("status").asString()).isEqualTo("FAILED");
            assertThat(body(cancelled).at("/errors/0/code").asString()).isEqualTo("ingest.problem.cancelled");
            assertThat(uploadRows(id)).isZero();
        } finally {
            scheduler.resume();
        }
        // its execution ends without running; a second cancel is refused
        await(
                id,
                imp -> false
                        == jdbc.sql("SELECT EXISTS (SELECT 1 FROM scheduled_tasks WHERE task_instance = ?)")
                                .param(String.valueOf(id))
                                .query(Boolean.class)
                                .single());
        assertThat(get(id).get("itemsCreated").asLong()).isZero();
        assertThat(mvc.post()
                        .uri("/api/v1/projects/" + project.slug() + "/imports/" + id + "/cancel")
                        .with(TestData.as(admin))
                        .exchange())
                .hasStatus(HttpStatus.CONFLICT);
    }

    @Test
    void cancellingAWritingImportStopsItsStatementAndRollsItBack() {
        long id;
        try (TableLock queue = TableLock.exclusive(dataSource, "queue_item")) {
            id = body(post(items(1_500))).get("id").asLong();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!blockedWriting(id) && System.nanoTime() < deadline) {
                sleep(50);
            }
            assertThat(get(id).get("phase").asString()).isEqualTo("writing");

            // the page's button
            MvcTestResult page = mvc.post()
                    .uri("/projects/" + project.slug() + "/imports/" + id + "/cancel")
                    .header("HX-Request", "true")
                    .with(TestData.as(admin))
                    .with(csrf())
                    .exchange();
            assertThat(page).hasStatusOk();
            JsonNode ended = await(id, imp -> imp.get("status").asString().equals("FAILED"));
            assertThat(ended.get("status").asString()).isEqualTo("FAILED");
            assertThat(ended.at("/errors/0/code").asString()).isEqualTo("ingest.problem.cancelled");
            assertThat(ended.get("attempts").asInt()).isEqualTo(1);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM item").query(Long.class).single())
                .isZero();
        assertThat(uploadRows(id)).isZero();
    }

    @Test
    void theImportPagePollsARunningImportAndOffersToCancelIt() {
        scheduler.pause();
        try {
            long id = body(post(items(5))).get("id").asLong();
            Document running = Jsoup.parse(mvc.get()
                    .uri("/projects/" + project.slug() + "/imports/" + id)
                    .header("HX-Request", "true")
                    .with(TestData.as(admin))
                    .exchange()
                    .getResponse()
                    .getContentAsString(StandardCharsets.UTF_8));
            assertThat(running.select(".import-outcome").attr("hx-trigger")).isEqualTo("every 1s");
            assertThat(running.select(".import-outcome").attr("hx-get"))
                    .isEqualTo("/projects/" + project.slug() + "/imports/" + id);
            assertThat(running.select("[data-job-progress] progress")).hasSize(1);
            assertThat(running.select("button[data-import-cancel]").attr("hx-post"))
                    .isEqualTo("/projects/" + project.slug() + "/imports/" + id + "/cancel");
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        } finally {
            scheduler.resume();
        }
    }

    @Test
    void anImportWhoseExecutionsAllStoppedIsFailedWithTheReason() {
        scheduler.pause();
        long id;
        try {
            id = body(post(items(3))).get("id").asLong();
            // three executions already started on servers that stopped
            jdbc.sql("UPDATE import_batch SET attempts = ? WHERE id = ?")
                    .params(ImportJobWorker.ATTEMPTS, id)
                    .update();
        } finally {
            scheduler.resume();
        }
        JsonNode ended = await(id, imp -> imp.get("status").asString().equals("FAILED"));
        assertThat(ended.get("status").asString()).isEqualTo("FAILED");
        assertThat(ended.at("/errors/0/code").asString()).isEqualTo("ingest.problem.attemptsUsed");
        assertThat(ended.at("/errors/0/message").asString()).contains("started 3 times");
        assertThat(uploadRows(id)).isZero();
    }

    @Test
    void anImportWhoseAdministratorIsNoLongerOneIsFailedByItsJob() {
        scheduler.pause();
        long id;
        try {
            id = body(post(items(3))).get("id").asLong();
            jdbc.sql("UPDATE app_user SET admin = false WHERE id = ?")
                    .param(admin.id())
                    .update();
        } finally {
            scheduler.resume();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!jdbc.sql("SELECT status FROM import_batch WHERE id = ?")
                        .param(id)
                        .query(String.class)
                        .single()
                        .equals("FAILED")
                && System.nanoTime() < deadline) {
            sleep(50);
        }
        assertThat(jdbc.sql("SELECT errors -> 0 ->> 'code' FROM import_batch WHERE id = ?")
                        .param(id)
                        .query(String.class)
                        .single())
                .isEqualTo("ingest.problem.importerNotAdmin");
        assertThat(jdbc.sql("SELECT count(*) FROM item").query(Long.class).single())
                .isZero();
        assertThat(uploadRows(id)).isZero();
    }
}
