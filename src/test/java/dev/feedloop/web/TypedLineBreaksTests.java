package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.json.JsonMapper;

/**
 * Browsers submit textarea line breaks as CRLF: every text typed on a page is stored with LF, so
 * diffs and exports carry no carriage returns; the migration does the same for rows stored before.
 */
@IntegrationTest
class TypedLineBreaksTests {

    static final String TYPED = "First paragraph.\r\n\r\n- one\r\n- two\rend";
    static final String STORED = "First paragraph.\n\n- one\n- two\nend";

    @LocalServerPort
    int port;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    ApiTokens tokens;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    UserView admin;
    UserView labeler;
    UserView reviewer;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        labeler = data.user();
        reviewer = data.user();
    }

    @Test
    void reviewersEditsAndCommentsAreStoredWithLf() {
        TestProject project = writeProject();
        long demonstration = writeOnThePage(project, TYPED);

        assertThat(mvc.post()
                        .uri("/projects/{slug}/review/{id}/edit", project.slug(), demonstration)
                        .with(TestData.as(reviewer))
                        .with(csrf())
                        .param("content", TYPED + "\r\nmore")
                        .param("comment", "Added a line.\r\nThanks"))
                .hasStatus3xxRedirection();

        assertThat(jdbc.sql("SELECT content FROM demonstration WHERE revises_id = ?")
                        .param(demonstration)
                        .query(String.class)
                        .single())
                .isEqualTo(STORED + "\nmore");
        assertThat(jdbc.sql("SELECT decision || '|' || comment FROM review WHERE demonstration_id = ?")
                        .param(demonstration)
                        .query(String.class)
                        .single())
                .isEqualTo("EDITED|Added a line.\nThanks");
    }

    @Test
    void guidelinesSavedOnThePageAreStoredWithLf() {
        TestProject project = writeProject();

        assertThat(mvc.post()
                        .uri("/projects/{slug}/guidelines", project.slug())
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("content", TYPED))
                .hasStatus3xxRedirection();

        assertThat(jdbc.sql("SELECT content FROM guideline_version WHERE project_id = ?")
                        .param(project.id())
                        .query(String.class)
                        .single())
                .isEqualTo(STORED);
    }

    @Test
    void rankRationalesFromThePageAreStoredWithLf() {
        TestProject project = data.project().rankings(1).demonstrations(0).create();
        data.member(project, labeler, "ANNOTATOR");
        data.itemAsking(project, "Which is better?", "m1", "one", "m2", "two");
        assertThat(mvc.get().uri("/projects/{slug}/rank", project.slug()).with(TestData.as(labeler)))
                .hasStatusOk();
        var lease = jdbc.sql("SELECT id, lease_token::text AS token, candidate_order::text AS ord FROM task"
                        + " WHERE assignee_id = ? AND state = 'LEASED'")
                .param(labeler.id())
                .query((rs, n) -> Map.of("id", rs.getLong(1), "token", rs.getString(2), "order", rs.getString(3)))
                .single();
        List<String> order = json.readValue(
                (String) lease.get("order"), new tools.jackson.core.type.TypeReference<List<String>>() {});

        assertThat(mvc.post()
                        .uri("/projects/{slug}/rank/{id}", project.slug(), lease.get("id"))
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .param("leaseToken", (String) lease.get("token"))
                        .param("candidate", "A", "B")
                        .param("tiers", "[[0],[1]]")
                        .param("rationale", TYPED))
                .hasRedirectedUrl("/projects/" + project.slug() + "/rank");

        assertThat(jdbc.sql("SELECT rationale FROM ranking").query(String.class).single())
                .isEqualTo(STORED);
    }

    @Test
    void anSftExportOfADemonstrationWrittenOnThePageHasNoCarriageReturns() throws Exception {
        TestProject project = writeProject();
        long demonstration = writeOnThePage(project, TYPED);
        assertThat(mvc.post()
                        .uri("/projects/{slug}/review/{id}/approve", project.slug(), demonstration)
                        .with(TestData.as(reviewer))
                        .with(csrf()))
                .hasStatus3xxRedirection();

        String token = tokens.create(admin.id(), "export").token();
        HttpResponse<String> export = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/projects/"
                                        + project.slug() + "/exports/sft"))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));

        assertThat(export.statusCode()).isEqualTo(200);
        List<String> lines = export.body().lines().toList();
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line).doesNotContain("\\r").doesNotContain("\r");
            assertThat(line).contains(json.writeValueAsString(STORED));
        });
    }

    @Test
    void theMigrationGivesRowsStoredBeforeLfLineBreaks() throws Exception {
        TestProject project = writeProject();
        long demonstration = writeOnThePage(project, "placeholder");
        jdbc.sql("UPDATE demonstration SET content = ? WHERE id = ?")
                .params(TYPED, demonstration)
                .update();
        jdbc.sql("INSERT INTO review (demonstration_id, reviewer_id, decision, comment) VALUES (?, ?, 'REJECTED', ?)")
                .params(demonstration, reviewer.id(), "Why:\r\nwrong")
                .update();
        data.guidelines(project, "Old\r\nguidelines");
        String imported = "Imported\r\nas is";
        jdbc.sql("UPDATE candidate SET content = ? WHERE item_id = (SELECT item_id FROM demonstration WHERE id = ?)")
                .params(imported, demonstration)
                .update();

        String migration = new ClassPathResource("db/migration/V50__labeling_typed_text_line_breaks.sql")
                .getContentAsString(StandardCharsets.UTF_8);
        jdbc.sql(migration).update();

        assertThat(jdbc.sql("SELECT content FROM demonstration WHERE id = ?")
                        .param(demonstration)
                        .query(String.class)
                        .single())
                .isEqualTo(STORED);
        assertThat(jdbc.sql("SELECT comment FROM review").query(String.class).single())
                .isEqualTo("Why:\nwrong");
        assertThat(jdbc.sql("SELECT content FROM guideline_version")
                        .query(String.class)
                        .single())
                .isEqualTo("Old\nguidelines");
        assertThat(jdbc.sql("SELECT DISTINCT content FROM candidate")
                        .query(String.class)
                        .single())
                .as("imported text stays as imported")
                .isEqualTo(imported);
    }

    private TestProject writeProject() {
        TestProject project = data.project().rankings(0).demonstrations(1).create();
        data.member(project, labeler, "LABELER").member(project, reviewer, "REVIEWER");
        data.itemAsking(project, "Write a list", "m", "a list");
        return project;
    }

    /** Opens the write page and submits {@code content} as the form would; returns the demonstration's id. */
    private long writeOnThePage(TestProject project, String content) {
        assertThat(mvc.get().uri("/projects/{slug}/write", project.slug()).with(TestData.as(labeler)))
                .hasStatusOk();
        var lease = jdbc.sql("SELECT id, lease_token::text FROM task WHERE assignee_id = ? AND state = 'LEASED'")
                .param(labeler.id())
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2)))
                .single();
        assertThat(mvc.post()
                        .uri("/projects/{slug}/write/{id}", project.slug(), lease.getKey())
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .param("leaseToken", lease.getValue())
                        .param("content", content))
                .hasRedirectedUrl("/projects/" + project.slug() + "/write");
        return jdbc.sql("SELECT id FROM demonstration WHERE task_id = ?")
                .param(lease.getKey())
                .query(Long.class)
                .single();
    }
}
