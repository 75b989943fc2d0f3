package dev.feedloop.export.api;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The REST calls over real HTTP with an API token, as {@code curl} would make them. */
@IntegrationTest
class ExportsApiTests {

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

    final HttpClient http = HttpClient.newHttpClient();

    UserView admin;
    String adminToken;
    long item;
    long annotator;

    @BeforeEach
    void scenario() {
        admin = data.admin();
        adminToken = tokens.create(admin.id(), "export").token();
        long project = data.project().slug("api-demo").create().id();
        annotator = data.user().id();
        item = data.storedItem(project, "q-1", List.of(message("user", "Какой ответ лучше? 🤔")));
        data.candidate(item, "a", "m1", "Первый\n\"ответ\"");
        data.candidate(item, "b", "m2", "Второй \\ ответ");
        data.ranking(item, annotator).tiers(List.of("a"), List.of("b")).insert();
        long demo = data.demonstration(item, annotator, "Идеальный ответ ✨").insert();
        data.review(demo, admin.id(), "APPROVED", java.time.Instant.parse("2025-01-02T00:00:00Z"));
    }

    HttpResponse<byte[]> get(String path, String token, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<String> post(String path, String token) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void preferencesStreamAsNdjsonAndGzipWhenAccepted() throws Exception {
        var plain =
                get("/api/v1/projects/api-demo/exports/preferences?format=trl&aggregation=raw&split=all", adminToken);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        assertThat(plain.headers().firstValue("Content-Disposition").orElseThrow())
                .contains("api-demo-preferences-trl-raw.jsonl");
        String body = new String(plain.body(), StandardCharsets.UTF_8);
        assertThat(body).endsWith("\n");
        JsonNode line = json.readTree(body.strip());
        assertThat(line.get("chosen").get(0).get("content").asString()).isEqualTo("Первый\n\"ответ\"");
        assertThat(line.get("rejected").get(0).get("content").asString()).isEqualTo("Второй \\ ответ");

        var zipped =
                get("/api/v1/projects/api-demo/exports/preferences?format=trl", adminToken, "Accept-Encoding", "gzip");
        assertThat(zipped.headers().firstValue("Content-Encoding")).hasValue("gzip");
        try (var in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(body);
        }
    }

    @Test
    void sftStreamsApprovedDemonstrations() throws Exception {
        var response = get("/api/v1/projects/api-demo/exports/sft?format=prompt-completion", adminToken);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode line = json.readTree(new String(response.body(), StandardCharsets.UTF_8).strip());
        assertThat(line.get("completion").get(0).get("content").asString()).isEqualTo("Идеальный ответ ✨");
    }

    @Test
    void invalidParametersAnswer400NamingTheParameter() throws Exception {
        var response = get("/api/v1/projects/api-demo/exports/preferences?format=csv", adminToken);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("format");
    }

    @Test
    void onlyAdministratorsExportAndStrangersSeeNoProject() throws Exception {
        UserView member = data.user();
        String memberToken = tokens.create(member.id(), "t").token();
        assertThat(get("/api/v1/projects/api-demo/exports/sft", memberToken).statusCode())
                .isEqualTo(404);
        long projectId = jdbc.sql("SELECT id FROM project WHERE slug = 'api-demo'")
                .query(Long.class)
                .single();
        jdbc.sql("INSERT INTO project_member (project_id, user_id, roles) VALUES (?, ?, ARRAY['REVIEWER'])")
                .params(projectId, member.id())
                .update();
        assertThat(get("/api/v1/projects/api-demo/exports/sft", memberToken).statusCode())
                .isEqualTo(403);
        assertThat(post("/api/v1/projects/api-demo/snapshots?kind=sft", memberToken)
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void snapshotFilesStayTheSameBytesAfterNewJudgmentsAndMatchTheManifest() throws Exception {
        var created = post(
                "/api/v1/projects/api-demo/snapshots?kind=preferences&format=trl&testRatio=0&seed=x&wait=30",
                adminToken);
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode manifest = json.readTree(created.body());
        long id = manifest.get("id").asLong();
        assertThat(manifest.get("counts").get("train").asLong()).isEqualTo(1);
        assertThat(manifest.get("counts").get("test").asLong()).isZero();
        assertThat(manifest.get("parameters").get("format").asString()).isEqualTo("trl");
        assertThat(manifest.get("guidelineVersions").get(0).asInt()).isEqualTo(1);
        assertThat(manifest.get("createdBy").asString()).isEqualTo(admin.username());
        JsonNode train = manifest.get("files").get(0);
        assertThat(train.get("name").asString()).isEqualTo("train.jsonl");

        var first = get("/api/v1/snapshots/" + id + "/files/train.jsonl", adminToken);
        long other = data.user().id();
        data.ranking(item, other).tiers(List.of("b"), List.of("a")).insert();
        var live = get("/api/v1/projects/api-demo/exports/preferences?format=trl&testRatio=0&seed=x", adminToken);
        var second = get("/api/v1/snapshots/" + id + "/files/train.jsonl", adminToken);

        assertThat(new String(live.body(), StandardCharsets.UTF_8).lines()).hasSize(2);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(first.body()).hasSize(train.get("size").asInt());
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(first.body())))
                .isEqualTo(train.get("sha256").asString());
        assertThat(first.headers().firstValue("ETag"))
                .hasValue("\"" + train.get("sha256").asString() + "\"");
        assertThat(json.readTree(first.body())
                        .get("chosen")
                        .get(0)
                        .get("content")
                        .asString())
                .isEqualTo("Первый\n\"ответ\"");

        JsonNode list = json.readTree(
                get("/api/v1/projects/api-demo/snapshots", adminToken).body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("id").asLong()).isEqualTo(id);
        assertThat(get("/api/v1/snapshots/" + id + "/files/nothing.jsonl", adminToken)
                        .statusCode())
                .isEqualTo(404);
    }

    static String text(byte[] bytes) throws IOException {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
