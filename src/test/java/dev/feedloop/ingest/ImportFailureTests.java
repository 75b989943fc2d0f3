package dev.feedloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.projects.Members;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Imports that cannot succeed end FAILED with the reason, whatever stops them: a line over the line
 * limit (sent plainly or as a gzip bomb), an empty file, a client that goes away mid-upload, or a
 * server that died while it ran.
 */
@IntegrationTest
class ImportFailureTests {

    static final String GOOD = "{\"id\":\"ok\",\"prompt\":\"fine\"}";

    /** The default {@code feedloop.ingest.max-line-length}. */
    static final long LINE_LIMIT = 10L * 1024 * 1024;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    Projects projects;

    @Autowired
    Members members;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    DataSource dataSource;

    @Autowired
    AbandonedImports abandonedImports;

    @LocalServerPort
    int port;

    UserView admin;
    ProjectSettings project;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        project = data.project().createAsAdmin();
    }

    MvcTestResult post(String contentType, byte[] body) {
        return mvc.post()
                .uri("/api/v1/projects/" + project.slug() + "/items")
                .param("wait", "60")
                .with(TestData.as(admin))
                .contentType(contentType)
                .content(body)
                .exchange();
    }

    JsonNode body(MvcTestResult result) {
        return json.readTree(result.getResponse().getContentAsByteArray());
    }

    String status(long importId) {
        return jdbc.sql("SELECT status FROM import_batch WHERE id = ?")
                .param(importId)
                .query(String.class)
                .single();
    }

    String firstError(long importId) {
        return jdbc.sql("SELECT errors -> 0 ->> 'message' FROM import_batch WHERE id = ?")
                .param(importId)
                .query(String.class)
                .single();
    }

    String firstErrorCode(long importId) {
        return jdbc.sql("SELECT errors -> 0 ->> 'code' FROM import_batch WHERE id = ?")
                .param(importId)
                .query(String.class)
                .single();
    }

    long itemCount() {
        return jdbc.sql("SELECT count(*) FROM item WHERE project_id = ?")
                .param(project.id())
                .query(Long.class)
                .single();
    }

    /** {@code count} bytes of 'a' made on the fly, so that the test never holds them. */
    static InputStream letters(long count) {
        return new InputStream() {
            long left = count;

            @Override
            public int read() {
                return left-- > 0 ? 'a' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'a');
                left -= n;
                return n;
            }
        };
    }

    @Test
    void aLineOverTheLimitAnswers413NamingTheLineAndTheImportFails() throws Exception {
        // A good first line, then one line a little over the limit, streamed to the real server.
        byte[] head = (GOOD + "\n{\"id\":\"long\",\"prompt\":\"").getBytes(StandardCharsets.UTF_8);
        InputStream body = new java.io.SequenceInputStream(
                new java.io.ByteArrayInputStream(head), letters(LINE_LIMIT + 1024 - head.length + GOOD.length() + 1));
        String basic = Base64.getEncoder()
                .encodeToString((admin.username() + ":" + TestData.PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(
                                        "http://localhost:" + port + "/api/v1/projects/" + project.slug() + "/items"))
                                .header("Authorization", "Basic " + basic)
                                .header("Content-Type", "application/x-ndjson")
                                .timeout(Duration.ofMinutes(2))
                                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("detail").asString()).contains("Line 2");
        assertThat(problem.at("/errors/0/line").asLong()).isEqualTo(2);
        assertThat(problem.at("/errors/0/message").asString())
                .isEqualTo("the line is longer than the limit of 10485760 bytes (10 MB)");
        assertThat(problem.at("/errors/0/code").asString()).isEqualTo("ingest.problem.lineOverBytesMb");
        assertThat(problem.at("/errors/0/args").toString()).isEqualTo("[10485760,10]");
        long importId = problem.get("importId").asLong();
        assertThat(status(importId)).isEqualTo("FAILED");
        assertThat(firstError(importId)).contains("longer than the limit");
        assertThat(firstErrorCode(importId)).isEqualTo("ingest.problem.lineOverBytesMb");
        assertThat(itemCount()).isZero();
    }

    @Test
    void aGzipBombStopsAtTheLineLimitWithoutExpandingIt() throws IOException {
        // 1,500 gzip members of 1 MB of 'a' each: 1.5 GB on one line, about 1.5 MB compressed.
        ByteArrayOutputStream member = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(member)) {
            letters(1024 * 1024).transferTo(gzip);
        }
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        for (int i = 0; i < 1500; i++) {
            member.writeTo(bomb);
        }
        assertThat(bomb.size()).isLessThan(5 * 1024 * 1024);
        Runtime runtime = Runtime.getRuntime();
        long usedBefore = runtime.totalMemory() - runtime.freeMemory();

        MvcTestResult result = post("application/x-ndjson", bomb.toByteArray());

        assertThat(result).hasStatus(HttpStatus.PAYLOAD_TOO_LARGE);
        JsonNode problem = body(result);
        assertThat(problem.at("/errors/0/line").asLong()).isEqualTo(1);
        assertThat(status(problem.get("importId").asLong())).isEqualTo("FAILED");
        long usedAfter = runtime.totalMemory() - runtime.freeMemory();
        assertThat(usedAfter - usedBefore).as("memory grown by the import").isLessThan(512L * 1024 * 1024);
    }

    @Test
    void aCsvRecordRunningOverManyLinesStopsAtTheLimit() throws IOException {
        // An unclosed quote, then 12 MB of short lines: every line is short, the record is not.
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write("id,prompt\na,\"never closed\n".getBytes(StandardCharsets.UTF_8));
            byte[] lines = "x\n".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 96; i++) {
                gzip.write(lines);
            }
        }
        MvcTestResult result = post("text/csv", zipped.toByteArray());
        assertThat(result).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        JsonNode problem = body(result);
        assertThat(problem.at("/errors/0/line").asLong()).isEqualTo(2);
        assertThat(problem.at("/errors/0/message").asString()).contains("record is longer than the limit");
        assertThat(problem.at("/errors/0/code").asString()).isEqualTo("ingest.problem.recordTooLong");
        assertThat(status(problem.get("importId").asLong())).isEqualTo("FAILED");
    }

    @Test
    void emptyWhitespaceAndEmptyGzipFilesAreRefusedAsHavingNoItems() throws IOException {
        ByteArrayOutputStream emptyGzip = new ByteArrayOutputStream();
        new GZIPOutputStream(emptyGzip).close();
        for (byte[] file :
                new byte[][] {new byte[0], " \n\t\r\n\n".getBytes(StandardCharsets.UTF_8), emptyGzip.toByteArray()}) {
            MvcTestResult result = post("application/x-ndjson", file);
            assertThat(result).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
            JsonNode problem = body(result);
            assertThat(problem.get("detail").asString()).contains("no items");
            assertThat(problem.at("/errors/0/message").asString()).isEqualTo("the file has no items");
            assertThat(problem.at("/errors/0/code").asString()).isEqualTo("ingest.problem.noItems");
            assertThat(status(problem.get("importId").asLong())).isEqualTo("FAILED");
        }
        MvcTestResult csvHeaderOnly = post("text/csv", "id,prompt\n".getBytes(StandardCharsets.UTF_8));
        assertThat(csvHeaderOnly).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(body(csvHeaderOnly).get("detail").asString()).contains("no items");
        assertThat(jdbc.sql("SELECT count(*) FROM import_batch WHERE status = 'DONE'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void anEmptyFileOnTheImportPageShowsNoItems() throws IOException {
        ByteArrayOutputStream emptyGzip = new ByteArrayOutputStream();
        new GZIPOutputStream(emptyGzip).close();
        for (byte[] file :
                new byte[][] {new byte[0], "   \n\n".getBytes(StandardCharsets.UTF_8), emptyGzip.toByteArray()}) {
            MvcTestResult result = mvc.post()
                    .uri("/projects/" + project.slug() + "/import")
                    .multipart()
                    .file(new MockMultipartFile("file", "items.jsonl.gz", "application/octet-stream", file))
                    .param("format", "auto")
                    .param("clientToken", UUID.randomUUID().toString())
                    .header("HX-Request", "true")
                    .with(TestData.as(admin))
                    .with(csrf())
                    .exchange();
            assertThat(result).hasStatusOk().bodyText().contains("the file has no items");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM import_batch WHERE status = 'FAILED'")
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
    }

    @Test
    void aClientThatGoesAwayMidUploadLeavesTheImportFailed() throws Exception {
        String basic = Base64.getEncoder()
                .encodeToString((admin.username() + ":" + TestData.PASSWORD).getBytes(StandardCharsets.UTF_8));
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/projects/" + project.slug() + "/items HTTP/1.1\r\n"
                            + "Host: localhost\r\n"
                            + "Authorization: Basic " + basic + "\r\n"
                            + "Content-Type: application/x-ndjson\r\n"
                            + "Content-Length: 100000\r\n\r\n"
                            + GOOD + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (jdbc.sql("SELECT count(*) FROM import_batch")
                                    .query(Long.class)
                                    .single()
                            == 0
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String status = "";
        while (System.nanoTime() < deadline) {
            status = jdbc.sql("SELECT status FROM import_batch")
                    .query(String.class)
                    .single();
            if (status.equals("FAILED")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(status).isEqualTo("FAILED");
        assertThat(jdbc.sql("SELECT errors -> 0 ->> 'message' FROM import_batch")
                        .query(String.class)
                        .single())
                .isEqualTo("the upload could not be read");
        assertThat(jdbc.sql("SELECT errors -> 0 ->> 'code' FROM import_batch")
                        .query(String.class)
                        .single())
                .isEqualTo("ingest.problem.uploadUnreadable");
    }

    @Test
    void importsLeftRunningByADeadServerAreFailedAtStartUp() throws Exception {
        long abandoned = insertRunning("VALIDATING");
        long abandonedWriting = insertRunning("WRITING");
        long alive = insertRunning("VALIDATING");
        // an import whose job is scheduled belongs to the job scheduler, which revives it elsewhere
        long queued = insertRunning("VALIDATING");
        long writingJob = insertRunning("WRITING");
        jdbc.sql("UPDATE import_batch SET phase = 'queued' WHERE id = ?")
                .param(queued)
                .update();
        jdbc.sql("UPDATE import_batch SET phase = 'writing' WHERE id = ?")
                .param(writingJob)
                .update();
        long uploading = insertRunning("VALIDATING");
        jdbc.sql("UPDATE import_batch SET phase = 'uploading' WHERE id = ?")
                .param(uploading)
                .update();
        jdbc.sql("INSERT INTO import_upload (import_id, seq, data) VALUES (?, 0, '\\x00'::bytea)")
                .param(uploading)
                .update();
        long done = jdbc.sql("INSERT INTO import_batch (project_id, format, status) VALUES (?, 'JSONL', 'DONE')"
                        + " RETURNING id")
                .param(project.id())
                .query(Long.class)
                .single();
        // Another server, still running, owns "alive": its session holds the owner lock.
        try (Connection otherServer = dataSource.getConnection();
                PreparedStatement lock =
                        otherServer.prepareStatement("SELECT pg_advisory_lock(" + ImportBatches.OWNER_LOCKS + ", ?)")) {
            lock.setInt(1, (int) alive);
            lock.executeQuery().close();

            assertThat(abandonedImports.failAbandoned())
                    .containsExactlyInAnyOrder(abandoned, abandonedWriting, uploading);
            assertThat(jdbc.sql("SELECT count(*) FROM import_upload")
                            .query(Long.class)
                            .single())
                    .as("what the dead server stored of the upload")
                    .isZero();
            assertThat(status(queued)).isEqualTo("VALIDATING");
            assertThat(status(writingJob)).isEqualTo("WRITING");

            assertThat(status(abandoned)).isEqualTo("FAILED");
            assertThat(status(abandonedWriting)).isEqualTo("FAILED");
            assertThat(firstError(abandoned)).isEqualTo("the server running the import stopped; nothing was imported");
            assertThat(firstErrorCode(abandoned)).isEqualTo("ingest.problem.serverStopped");
            assertThat(status(alive)).isEqualTo("VALIDATING");
            assertThat(status(done)).isEqualTo("DONE");
            try (PreparedStatement unlock = otherServer.prepareStatement("SELECT pg_advisory_unlock_all()")) {
                unlock.executeQuery().close();
            }
        }
        assertThat(abandonedImports.failAbandoned()).containsExactly(alive);
    }

    @Test
    void importLinesWithNulOrALoneSurrogateNameTheLineAndField() {
        MvcTestResult result = post(
                "application/x-ndjson",
                (GOOD + "\n{\"id\":\"b\",\"prompt\":\"a\\u0000b\"}\n"
                                + "{\"id\":\"c\",\"prompt\":\"fine\",\"candidates\":[{\"id\":\"x\",\"content\":\"half \\ud800 pair\"}]}\n"
                                + "{\"id\":\"d\",\"prompt\":\"fine\",\"metadata\":{\"note\":\"\\udc00\"}}\n")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(result).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        JsonNode errors = body(result).get("errors");
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0).get("line").asLong()).isEqualTo(2);
        assertThat(errors.get(0).get("field").asString()).isEqualTo("prompt");
        assertThat(errors.get(0).get("message").asString()).contains("NUL");
        assertThat(errors.get(0).get("code").asString()).isEqualTo("ingest.problem.nul");
        assertThat(errors.get(1).get("line").asLong()).isEqualTo(3);
        assertThat(errors.get(1).get("field").asString()).isEqualTo("candidates[0].content");
        assertThat(errors.get(1).get("message").asString()).contains("lone UTF-16 surrogate");
        assertThat(errors.get(1).get("code").asString()).isEqualTo("ingest.problem.loneSurrogate");
        assertThat(errors.get(2).get("line").asLong()).isEqualTo(4);
        assertThat(errors.get(2).get("field").asString()).isEqualTo("metadata");
        assertThat(itemCount()).isZero();
    }

    @Test
    void anImportRecordedWithoutProblemCodesKeepsItsMessageInTheApi() {
        long id = jdbc.sql("""
                        INSERT INTO import_batch (project_id, format, status, errors, error_count, finished_at)
                        VALUES (?, 'JSONL', 'FAILED', ?::jsonb, 1, now()) RETURNING id
                        """)
                .params(project.id(), "[{\"line\": 3, \"field\": \"id\", \"message\": \"is required\"}]")
                .query(Long.class)
                .single();
        MvcTestResult result = mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/imports/" + id)
                .with(TestData.as(admin))
                .exchange();
        assertThat(result).hasStatusOk();
        JsonNode error = body(result).at("/errors/0");
        assertThat(error.propertyNames()).containsExactlyInAnyOrder("line", "field", "message", "code", "args");
        assertThat(error.get("line").asLong()).isEqualTo(3);
        assertThat(error.get("message").asString()).isEqualTo("is required");
        assertThat(error.get("code").isNull()).isTrue();
        assertThat(error.get("args").isNull()).isTrue();
    }

    private long insertRunning(String status) {
        return jdbc.sql("INSERT INTO import_batch (project_id, format, status) VALUES (?, 'JSONL', ?) RETURNING id")
                .params(project.id(), status)
                .query(Long.class)
                .single();
    }
}
