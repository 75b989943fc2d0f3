package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every error under {@code /api} is {@code application/problem+json} in plain words: unknown
 * routes, wrong methods, unexpected failures, malformed bodies and out-of-range parameters.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class ApiErrorTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    Projects projects;

    @Autowired
    JsonMapper json;

    UserView admin;
    ProjectSettings project;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        project = data.project().createAsAdmin();
    }

    JsonNode problem(MvcTestResult result, HttpStatus status) {
        assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(result.getResponse().getContentAsByteArray());
        assertThat(problem.get("status").asInt()).isEqualTo(status.value());
        assertThat(problem.toString())
                .doesNotContain("tools.jackson")
                .doesNotContain("StreamReadConstraints")
                .doesNotContain("CSVFormat")
                .doesNotContain("org.springframework")
                .doesNotContain("java.");
        return problem;
    }

    @Test
    void anUnknownRouteIs404ProblemJson() {
        JsonNode problem =
                problem(mvc.get().uri("/api/v1/nope").with(TestData.as(admin)).exchange(), HttpStatus.NOT_FOUND);
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/nope");
    }

    @Test
    void aWrongMethodIs405ProblemJsonWithAllow() {
        MvcTestResult result = mvc.delete()
                .uri("/api/v1/projects/" + project.slug() + "/imports")
                .with(TestData.as(admin))
                .exchange();
        problem(result, HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(result.getResponse().getHeader("Allow")).contains("GET");
    }

    @Test
    void anUnexpectedExceptionIs500WithAGenericDetailAndIsLoggedOnceWithItsStackTrace(CapturedOutput output) {
        JsonNode problem = problem(
                mvc.get()
                        .uri("/api/v1/test-only/failure")
                        .with(TestData.as(admin))
                        .exchange(),
                HttpStatus.INTERNAL_SERVER_ERROR);
        assertThat(problem.get("detail").asString()).doesNotContain("secret");
        String log = output.getAll();
        assertThat(log).contains("GET /api/v1/test-only/failure failed");
        assertThat(log.split("secret internal detail", -1)).as("logged once").hasSize(2);
        assertThat(log).contains("at dev.feedloop.web.FailingApiController.fail");
    }

    @Test
    void malformedJsonIs400InPlainWords() {
        JsonNode problem = problem(
                mvc.post()
                        .uri("/api/v1/projects")
                        .with(TestData.as(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slug\": \"x\", ")
                        .exchange(),
                HttpStatus.BAD_REQUEST);
        assertThat(problem.get("detail").asString()).startsWith("The request body is not valid JSON");
    }

    @Test
    void anOversizeJsonNumberIs400WithoutTheParsersSettingNames() {
        JsonNode problem = problem(
                mvc.post()
                        .uri("/api/v1/projects")
                        .with(TestData.as(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"slug\": \"x\", \"leaseMinutes\": " + "9".repeat(5000) + "}")
                        .exchange(),
                HttpStatus.BAD_REQUEST);
        assertThat(problem.get("detail").asString()).contains("number");
    }

    @Test
    void anOversizeNumberInAnImportLineIsNamedInPlainWords() {
        MvcTestResult result = mvc.post()
                .uri("/api/v1/projects/" + project.slug() + "/items")
                .param("wait", "60")
                .with(TestData.as(admin))
                .contentType("application/x-ndjson")
                .content(("{\"id\":\"a\",\"prompt\":\"p\",\"priority\":" + "9".repeat(5000) + "}\n")
                        .getBytes(StandardCharsets.UTF_8))
                .exchange();
        JsonNode problem = problem(result, HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(problem.at("/errors/0/line").asLong()).isEqualTo(1);
        assertThat(problem.at("/errors/0/message").asString()).contains("number");
    }

    @Test
    void badCsvIsNamedInPlainWords() {
        JsonNode duplicate = problem(
                mvc.post()
                        .uri("/api/v1/projects/" + project.slug() + "/items")
                        .param("wait", "60")
                        .with(TestData.as(admin))
                        .contentType("text/csv")
                        .content("id,prompt,prompt\na,b,c\n".getBytes(StandardCharsets.UTF_8))
                        .exchange(),
                HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(duplicate.at("/errors/0/line").asLong()).isEqualTo(1);
        assertThat(duplicate.at("/errors/0/message").asString()).contains("\"prompt\" twice");
        JsonNode unclosed = problem(
                mvc.post()
                        .uri("/api/v1/projects/" + project.slug() + "/items")
                        .param("wait", "60")
                        .with(TestData.as(admin))
                        .contentType("text/csv")
                        .content("id,prompt\na,\"never closed\nb,c\n".getBytes(StandardCharsets.UTF_8))
                        .exchange(),
                HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(unclosed.at("/errors/0/line").asLong()).isEqualTo(2);
        assertThat(unclosed.at("/errors/0/message").asString()).contains("quoted field is not closed");
    }

    @Test
    void anAsOfOutsideWhatPostgresqlStoresIs400NamingTheParameter() {
        for (String asOf : new String[] {"-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z"}) {
            JsonNode problem = problem(
                    mvc.get()
                            .uri("/api/v1/projects/" + project.slug() + "/exports/sft?asOf=" + asOf.replace("+", "%2B"))
                            .with(TestData.as(admin))
                            .exchange(),
                    HttpStatus.BAD_REQUEST);
            assertThat(problem.at("/errors/0/field").asString()).isEqualTo("asOf");
            problem(
                    mvc.post()
                            .uri("/api/v1/projects/" + project.slug() + "/snapshots?kind=sft&asOf="
                                    + asOf.replace("+", "%2B"))
                            .with(TestData.as(admin))
                            .exchange(),
                    HttpStatus.BAD_REQUEST);
        }
    }

    @Test
    void outOfRangeNumbersInParametersAndPathsAre400NamingThem() {
        JsonNode limit = problem(
                mvc.get()
                        .uri("/api/v1/projects/" + project.slug() + "/items?limit=99999999999")
                        .with(TestData.as(admin))
                        .exchange(),
                HttpStatus.BAD_REQUEST);
        assertThat(limit.get("detail").asString()).contains("limit");
        JsonNode id = problem(
                mvc.get()
                        .uri("/api/v1/snapshots/99999999999999999999")
                        .with(TestData.as(admin))
                        .exchange(),
                HttpStatus.BAD_REQUEST);
        assertThat(id.get("detail").asString()).contains("id");
        assertThat(mvc.get()
                        .uri("/api/v1/projects/" + project.slug() + "/items?limit=-5&after=-1")
                        .with(TestData.as(admin))
                        .exchange())
                .hasStatusOk();
    }
}
