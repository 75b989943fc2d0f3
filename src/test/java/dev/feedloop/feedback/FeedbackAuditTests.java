package dev.feedloop.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.testsupport.AuditEntries;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/** A project's intake tokens (their id and name, never their value) and feedback options in the audit log. */
@IntegrationTest
class FeedbackAuditTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Test
    void anIntakeTokensCreationAndRevocationNameTheProjectAndTheToken() throws Exception {
        UserView admin = data.admin();
        long project = data.project().slug("audit-intake").create().id();
        MvcTestResult created = mvc.post()
                .uri("/api/v1/projects/audit-intake/feedback-tokens")
                .header("Authorization", TestData.basic(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"production\"}")
                .exchange();
        assertThat(created).hasStatus(201);
        var body = json.readTree(created.getResponse().getContentAsString(StandardCharsets.UTF_8));
        String value = body.get("token").asString();
        long id = body.get("view").get("id").asLong();
        assertThat(value).startsWith("flf_");

        var entry = AuditEntries.one(jdbc, AuditAction.INTAKE_TOKEN_CREATED);
        assertThat(entry.actorId()).isEqualTo(admin.id());
        assertThat(entry.actorName()).isEqualTo(admin.username());
        assertThat(entry.projectId()).isEqualTo(project);
        assertThat(entry.target()).isEqualTo("intake-token:" + id);
        assertThat(entry.details()).isEqualTo("{\"name\": \"production\", \"tokenId\": " + id + "}");

        assertThat(mvc.delete()
                        .uri("/api/v1/projects/audit-intake/feedback-tokens/" + id)
                        .header("Authorization", TestData.basic(admin)))
                .hasStatusOk();
        assertThat(AuditEntries.one(jdbc, AuditAction.INTAKE_TOKEN_REVOKED).target())
                .isEqualTo("intake-token:" + id);
        assertThat(AuditEntries.everything(jdbc)).doesNotContain(value, value.substring(13));
    }

    @Test
    void feedbackOptionsAreAProjectSettingsChange() {
        UserView admin = data.admin();
        long project = data.project().slug("audit-options").create().id();
        assertThat(mvc.put()
                        .uri("/api/v1/projects/audit-options/feedback-settings")
                        .header("Authorization", TestData.basic(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"upThreshold\": 3.5, \"taskAlways\": true}"))
                .hasStatusOk();
        assertThat(mvc.put()
                        .uri("/api/v1/projects/audit-options/feedback-settings")
                        .header("Authorization", TestData.basic(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"upThreshold\": 9}"))
                .hasStatus(400);
        var entry = AuditEntries.one(jdbc, AuditAction.PROJECT_SETTINGS_CHANGED);
        assertThat(entry.actorName()).isEqualTo(admin.username());
        assertThat(entry.projectId()).isEqualTo(project);
        assertThat(entry.target()).isEqualTo("feedback-settings:audit-options");
        assertThat(entry.details()).isEqualTo("{\"taskAlways\": true, \"upThreshold\": \"3.5\"}");
    }
}
