package dev.feedloop.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Intake tokens: made and revoked by administrators, and good for posting feedback to their project only. */
@IntegrationTest
class IntakeTokenTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestData data;

    @Autowired
    ApiTokens apiTokens;

    UserView admin;
    String adminToken;
    TestProject project;
    TestProject other;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        adminToken = apiTokens.create(admin.id(), "admin").token();
        project = data.project().demonstrations(1).rankings(0).create();
        other = data.project().demonstrations(1).rankings(0).create();
    }

    JsonNode body(MvcTestResult result) {
        return json.readTree(result.getResponse().getContentAsByteArray());
    }

    String createToken(TestProject in) {
        MvcTestResult created = mvc.post()
                .uri("/api/v1/projects/" + in.slug() + "/feedback-tokens")
                .header("Authorization", "Bearer " + adminToken)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": \"production\"}")
                .exchange();
        assertThat(created).hasStatus(HttpStatus.CREATED);
        return body(created).get("token").asString();
    }

    MvcTestResult postFeedback(TestProject to, String bearer, String traceId) {
        return mvc.post()
                .uri("/api/v1/projects/" + to.slug() + "/feedback")
                .header("Authorization", "Bearer " + bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .content(FeedbackIntakeTests.feedback(traceId, "down"))
                .exchange();
    }

    @Test
    void theSecretIsShownOnceAndStoredHashed() throws Exception {
        String token = createToken(project);

        assertThat(token).startsWith("flf_").hasSize(45);
        MvcTestResult list = mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/feedback-tokens")
                .header("Authorization", "Bearer " + adminToken)
                .exchange();
        assertThat(list).hasStatusOk();
        assertThat(list.getResponse().getContentAsString()).doesNotContain(token.substring(13));
        assertThat(body(list).get(0).get("prefix").asString()).isEqualTo(token.substring(0, 12));
        String stored = jdbc.sql("SELECT secret_hash FROM feedback_token WHERE prefix = ?")
                .param(token.substring(0, 12))
                .query(String.class)
                .single();
        assertThat(stored).hasSize(64).doesNotContain(token.substring(13));
    }

    @Test
    void aTokenPostsFeedbackToItsProjectOnly() {
        String token = createToken(project);

        assertThat(postFeedback(project, token, "t-1")).hasStatus(HttpStatus.CREATED);
        MvcTestResult elsewhere = postFeedback(other, token, "t-2");
        assertThat(elsewhere).hasStatus(HttpStatus.FORBIDDEN).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(body(elsewhere).get("code").asString()).isEqualTo("intake-only");
        assertThat(jdbc.sql("SELECT count(*) FROM feedback WHERE project_id = ?")
                        .param(other.id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aTokenIsRefusedOnEveryOtherRoute() {
        String token = createToken(project);
        String p = "/api/v1/projects/" + project.slug();
        Object[][] routes = {
            {HttpMethod.GET, p + "/items"},
            {HttpMethod.POST, p + "/items"},
            {HttpMethod.GET, p + "/exports/sft"},
            {HttpMethod.GET, p + "/feedback"},
            {HttpMethod.GET, p + "/feedback/t-1"},
            {HttpMethod.GET, p + "/feedback-tokens"},
            {HttpMethod.POST, p + "/feedback-tokens"},
            {HttpMethod.PUT, p + "/feedback-settings"},
            {HttpMethod.POST, p + "/tasks/next?kind=write"},
            {HttpMethod.GET, p},
            {HttpMethod.GET, "/api/v1/users/me"},
            {HttpMethod.GET, "/api/v1/projects"},
            {HttpMethod.GET, "/api/v1/projects/" + other.slug() + "/feedback"},
            {HttpMethod.POST, "/api/v1/projects/" + other.slug() + "/feedback/batch"},
            {HttpMethod.GET, "/actuator/metrics"},
            {HttpMethod.GET, "/"},
            {HttpMethod.GET, "/projects/" + project.slug()},
            {HttpMethod.GET, "/projects/" + project.slug() + "/feedback"},
            {HttpMethod.GET, "/projects/" + project.slug() + "/write"},
        };
        for (Object[] route : routes) {
            MvcTestResult result = mvc.method((HttpMethod) route[0])
                    .uri((String) route[1])
                    .header("Authorization", "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{}")
                    .exchange();
            assertThat(result)
                    .as(route[0] + " " + route[1])
                    .hasStatus(HttpStatus.FORBIDDEN)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void aRevokedOrUnknownTokenIs401() {
        String token = createToken(project);
        long id = jdbc.sql("SELECT id FROM feedback_token WHERE prefix = ?")
                .param(token.substring(0, 12))
                .query(Long.class)
                .single();

        assertThat(mvc.delete()
                        .uri("/api/v1/projects/" + project.slug() + "/feedback-tokens/" + id)
                        .header("Authorization", "Bearer " + adminToken))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.revokedAt")
                .isNotNull();

        MvcTestResult revoked = postFeedback(project, token, "t-1");
        assertThat(revoked).hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(body(revoked).get("code").asString()).isEqualTo("invalid-intake-token");
        String forged = token.substring(0, 13) + "x".repeat(32);
        assertThat(postFeedback(project, forged, "t-2")).hasStatus(HttpStatus.UNAUTHORIZED);
        assertThat(postFeedback(project, "flf_short", "t-3")).hasStatus(HttpStatus.UNAUTHORIZED);
        assertThat(jdbc.sql("SELECT count(*) FROM feedback").query(Long.class).single())
                .isZero();
    }

    @Test
    void onlyAdministratorsMayPostWithoutAnIntakeTokenOrManageTokens() {
        var labeler = data.peopleWithTokens(project, 1, "LABELER", "ANNOTATOR").getFirst();

        MvcTestResult member = postFeedback(project, labeler.token(), "t-1");
        assertThat(member).hasStatus(HttpStatus.FORBIDDEN).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.post()
                        .uri("/api/v1/projects/" + project.slug() + "/feedback-tokens")
                        .header("Authorization", "Bearer " + labeler.token()))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.get()
                        .uri("/api/v1/projects/" + project.slug() + "/feedback")
                        .header("Authorization", "Bearer " + labeler.token()))
                .hasStatus(HttpStatus.FORBIDDEN);
        // a reviewer reads the feedback (what writers said was not a real failure), and posts none
        var reviewer = data.peopleWithTokens(project, 1, "REVIEWER").getFirst();
        assertThat(mvc.get()
                        .uri("/api/v1/projects/" + project.slug() + "/feedback")
                        .header("Authorization", "Bearer " + reviewer.token()))
                .hasStatusOk();
        assertThat(postFeedback(project, reviewer.token(), "t-3")).hasStatus(HttpStatus.FORBIDDEN);

        assertThat(postFeedback(project, adminToken, "t-2")).hasStatus(HttpStatus.CREATED);
        assertThat(jdbc.sql("SELECT trace_id FROM feedback").query(String.class).list())
                .containsExactly("t-2");
    }
}
