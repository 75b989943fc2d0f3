package dev.feedloop.export;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.testsupport.AuditEntries;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.json.JsonMapper;

/** Downloads of exports and snapshot files in the audit log, with their parameters. */
@IntegrationTest
class ExportAuditTests {

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
    MockMvcTester mvc;

    final HttpClient http = HttpClient.newHttpClient();

    UserView admin;
    String adminToken;
    long project;

    @BeforeEach
    void scenario() {
        admin = data.admin();
        adminToken = tokens.create(admin.id(), "export").token();
        project = data.project().slug("audit-export").create().id();
        long annotator = data.user().id();
        long item = data.storedItem(project, "q-1", List.of(message("user", "Which is better?")));
        data.candidate(item, "a", "m1", "First");
        data.candidate(item, "b", "m2", "Second");
        data.ranking(item, annotator).tiers(List.of("a"), List.of("b")).insert();
    }

    @Test
    void anExportDownloadNamesWhoTheFileAndTheParametersButAPreviewIsNoDownload() throws Exception {
        var response = get("/api/v1/projects/audit-export/exports/preferences?format=trl&aggregation=raw&seed=s1");
        assertThat(response.statusCode()).isEqualTo(200);
        var entry = AuditEntries.one(jdbc, AuditAction.EXPORT_DOWNLOADED);
        assertThat(entry.actorId()).isEqualTo(admin.id());
        assertThat(entry.actorName()).isEqualTo(admin.username());
        assertThat(entry.projectId()).isEqualTo(project);
        assertThat(entry.target()).isEqualTo("export:audit-export-preferences-trl-raw.jsonl");
        assertThat(json.readTree(entry.details()).get("parameters").toString())
                .isEqualTo("{\"seed\":\"s1\",\"format\":\"trl\",\"aggregation\":\"raw\"}");
        assertThat(json.readTree(entry.details()).get("kind").asString()).isEqualTo("preferences");
        assertThat(AuditEntries.everything(jdbc)).doesNotContain(adminToken);

        assertThat(mvc.get()
                        .uri("/projects/audit-export/export/preview?format=trl")
                        .with(TestData.as(admin))
                        .header("HX-Request", "true"))
                .hasStatusOk();
        assertThat(AuditEntries.of(jdbc, AuditAction.EXPORT_DOWNLOADED)).hasSize(1);

        assertThat(get("/api/v1/projects/audit-export/exports/preferences?format=csv")
                        .statusCode())
                .isEqualTo(400);
        assertThat(AuditEntries.of(jdbc, AuditAction.EXPORT_DOWNLOADED)).hasSize(1);
    }

    @Test
    void snapshotDownloadsNameTheSnapshotAndTheFile() throws Exception {
        var created = post("/api/v1/projects/audit-export/snapshots?kind=preferences&format=trl&testRatio=0&wait=30");
        assertThat(created.statusCode()).isEqualTo(201);
        long id = json.readTree(created.body()).get("id").asLong();

        assertThat(get("/api/v1/snapshots/" + id + "/files/train.jsonl").statusCode())
                .isEqualTo(200);
        assertThat(get("/api/v1/snapshots/" + id + "/archive").statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/snapshots/" + id + "/files/nothing.jsonl").statusCode())
                .isEqualTo(404);

        var entries = AuditEntries.of(jdbc, AuditAction.SNAPSHOT_DOWNLOADED);
        assertThat(entries).hasSize(2);
        assertThat(entries.get(0).actorName()).isEqualTo(admin.username());
        assertThat(entries.get(0).projectId()).isEqualTo(project);
        assertThat(entries.get(0).target()).isEqualTo("snapshot:" + id);
        assertThat(entries.get(0).details()).isEqualTo("{\"file\": \"train.jsonl\", \"snapshotId\": " + id + "}");
        assertThat(entries.get(1).details()).isEqualTo("{\"file\": \"archive\", \"snapshotId\": " + id + "}");
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + adminToken)
                .GET()
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> post(String path) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + adminToken)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
