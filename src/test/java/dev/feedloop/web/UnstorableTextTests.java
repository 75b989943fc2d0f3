package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockPart;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Text PostgreSQL cannot store (a NUL character, a lone UTF-16 surrogate) is refused with 400 naming
 * the field, on pages and on the API, before anything is written, and logged in one line.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class UnstorableTextTests {

    static final String NUL = "before\u0000after";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @LocalServerPort
    int port;

    TestProject project;
    UserView labeler;
    UserView admin;

    @BeforeEach
    void setUp() {
        project = data.project().rankings(0).demonstrations(1).create();
        labeler = data.user();
        admin = data.admin();
        data.member(project, labeler, "LABELER");
        data.itemAsking(project, "First", "m", "answer one");
    }

    long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    /** The labeler's leased write task: its id and lease token. */
    String[] task() {
        assertThat(mvc.get()
                        .uri("/projects/" + project.slug() + "/write")
                        .with(TestData.as(labeler))
                        .exchange())
                .hasStatusOk();
        return jdbc.sql("SELECT id::text, lease_token::text FROM task WHERE assignee_id = ? AND state = 'LEASED'")
                .param(labeler.id())
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)})
                .single();
    }

    static void assertRefusedPage(MvcTestResult result, String field) {
        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(result.getRequest().getAttribute("refusedField")).isEqualTo(field);
    }

    void assertRefusedApi(MvcTestResult result, String field, String reason) {
        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(result.getResponse().getContentAsByteArray());
        assertThat(problem.get("detail").asString()).contains("'" + field + "'").contains(reason);
        assertThat(problem.at("/errors/0/field").asString()).isEqualTo(field);
    }

    MvcTestResult postJson(String uri, UserView user, String body) {
        return mvc.post()
                .uri(uri)
                .with(TestData.as(user))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .exchange();
    }

    @Test
    void aLoginNameWithNulGetsThe400PageNamingTheFieldAndOneLogLine(CapturedOutput output) throws Exception {
        HttpClient client = HttpClient.newBuilder().build();
        HttpResponse<String> loginPage = client.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = loginPage.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("SESSION="))
                .map(c -> c.substring(0, c.indexOf(';')))
                .findFirst()
                .orElseThrow();
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(loginPage.body());
        assertThat(csrf.find()).isTrue();
        String form = "username=" + URLEncoder.encode(NUL, StandardCharsets.UTF_8) + "&password=x&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);

        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Cookie", cookie)
                        .header("Accept", "text/html")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body())
                .contains("“username”")
                .contains("cannot be stored")
                .doesNotContain("Exception")
                .doesNotContain("at dev.feedloop");
        assertThat(count("login_failure")).isZero();
        assertThat(output.getAll())
                .contains("Refused POST /login: the field 'username' contains a NUL character")
                .doesNotContain("PSQLException");
    }

    @Test
    void aLoginNameWithNulIsRefusedBeforeSpringSecurityReadsIt() {
        MvcTestResult result = mvc.post()
                .uri("/login")
                .with(csrf())
                .param("username", NUL)
                .param("password", "anything")
                .exchange();
        assertRefusedPage(result, "username");
    }

    @Test
    void submitTextWithNulIsRefusedOnThePageAndTheApi() {
        String[] task = task();
        assertRefusedPage(
                mvc.post()
                        .uri("/projects/{slug}/write/{id}", project.slug(), task[0])
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .param("leaseToken", task[1])
                        .param("content", NUL)
                        .exchange(),
                "content");
        assertRefusedApi(
                postJson(
                        "/api/v1/tasks/" + task[0] + "/submit",
                        labeler,
                        "{\"leaseToken\":\"" + task[1] + "\",\"content\":\"a long enough answer \\u0000 here\"}"),
                "content",
                "NUL");
        assertRefusedApi(
                postJson(
                        "/api/v1/tasks/" + task[0] + "/submit",
                        labeler,
                        "{\"leaseToken\":\"" + task[1] + "\",\"content\":\"a long enough answer \\ud800 here\"}"),
                "content",
                "lone UTF-16 surrogate");
        assertThat(count("demonstration")).isZero();
        assertThat(count("draft")).isZero();
    }

    @Test
    void aSkipNoteWithNulOrALoneSurrogateIsRefused() {
        String[] task = task();
        assertRefusedPage(
                mvc.post()
                        .uri("/projects/{slug}/tasks/{id}/skip", project.slug(), task[0])
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .param("leaseToken", task[1])
                        .param("reason", "other")
                        .param("note", NUL)
                        .param("next", "write")
                        .exchange(),
                "note");
        assertRefusedApi(
                postJson(
                        "/api/v1/tasks/" + task[0] + "/skip",
                        labeler,
                        "{\"leaseToken\":\"" + task[1] + "\",\"reason\":\"other\",\"note\":\"x\\udc00y\"}"),
                "note",
                "lone UTF-16 surrogate");
        assertThat(count("task_skip")).isZero();
    }

    @Test
    void aDraftWithNulIsRefused() {
        String[] task = task();
        assertRefusedPage(
                mvc.post()
                        .uri("/projects/{slug}/write/{id}/draft", project.slug(), task[0])
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .param("leaseToken", task[1])
                        .param("content", NUL)
                        .exchange(),
                "content");
        assertThat(count("draft")).isZero();
    }

    @Test
    void guidelinesWithNulAreRefusedOnThePageAndTheApi() {
        long before = count("guideline_version");
        assertRefusedPage(
                mvc.post()
                        .uri("/projects/" + project.slug() + "/guidelines")
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("content", NUL)
                        .exchange(),
                "content");
        assertRefusedApi(
                mvc.put()
                        .uri("/api/v1/projects/" + project.slug() + "/guidelines")
                        .with(TestData.as(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"content\":\"# Rules\\u0000\"}")
                        .exchange(),
                "content",
                "NUL");
        assertThat(count("guideline_version")).isEqualTo(before);
    }

    @Test
    void aProjectNameWithNulOrALoneSurrogateIsRefused() {
        long before = count("project");
        assertRefusedPage(
                mvc.post()
                        .uri("/projects")
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("slug", "nul-name")
                        .param("name", NUL)
                        .param("status", "ACTIVE")
                        .param("demonstrationsPerItem", "1")
                        .param("rankingsPerItem", "0")
                        .param("leaseMinutes", "30")
                        .exchange(),
                "name");
        assertRefusedApi(
                postJson("/api/v1/projects", admin, "{\"slug\":\"nul-name\",\"name\":\"Bad \\ud800 name\"}"),
                "name",
                "lone UTF-16 surrogate");
        assertThat(count("project")).isEqualTo(before);
    }

    @Test
    void anUploadFileNameWithNulIsRefused() {
        MvcTestResult result = mvc.post()
                .uri("/projects/" + project.slug() + "/import")
                .multipart()
                .part(new MockPart(
                        "file",
                        "items\u0000.jsonl",
                        "{\"id\":\"q\",\"prompt\":\"p\"}\n".getBytes(StandardCharsets.UTF_8),
                        MediaType.APPLICATION_OCTET_STREAM))
                .param("format", "auto")
                .with(TestData.as(admin))
                .with(csrf())
                .exchange();
        assertRefusedPage(result, "file (file name)");
        assertThat(count("import_batch")).isZero();
    }

    @Test
    void aQueryParameterWithNulIsRefusedOnTheApi() {
        assertRefusedApi(
                mvc.get()
                        .uri(URI.create("/api/v1/projects/" + project.slug() + "/items?after=1&limit=%00"))
                        .with(TestData.as(admin))
                        .exchange(),
                "limit",
                "NUL");
    }
}
