package dev.feedloop.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.testsupport.AuditEntries;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** Project settings, guidelines and members in the audit log. */
@IntegrationTest
class ProjectsAuditTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    UserView admin;
    long project;

    @BeforeEach
    void project() {
        admin = data.admin();
        project = data.project().slug("audit-demo").leaseMinutes(30).create().id();
    }

    @Test
    void aSettingsChangeNamesTheSettingsThatChangedAndAnUnchangedSaveNothing() {
        assertThat(put("/api/v1/projects/audit-demo", "{\"name\":\"Renamed\",\"leaseMinutes\":45}"))
                .hasStatusOk();
        assertThat(put("/api/v1/projects/audit-demo", "{\"name\":\"Renamed\",\"leaseMinutes\":45}"))
                .hasStatusOk();
        var entry = AuditEntries.one(jdbc, AuditAction.PROJECT_SETTINGS_CHANGED);
        assertThat(entry.actorId()).isEqualTo(admin.id());
        assertThat(entry.actorName()).isEqualTo(admin.username());
        assertThat(entry.projectId()).isEqualTo(project);
        assertThat(entry.target()).isEqualTo("project:audit-demo");
        assertThat(entry.details()).isEqualTo("{\"changed\": [\"name\", \"leaseMinutes\"]}");
    }

    @Test
    void publishedGuidelinesNameTheirVersion() {
        assertThat(put("/api/v1/projects/audit-demo/guidelines", "{\"content\":\"# Be kind\"}"))
                .hasStatusOk();
        var entry = AuditEntries.one(jdbc, AuditAction.GUIDELINES_PUBLISHED);
        assertThat(entry.actorName()).isEqualTo(admin.username());
        assertThat(entry.projectId()).isEqualTo(project);
        assertThat(entry.target()).isEqualTo("guidelines:audit-demo");
        assertThat(entry.details()).isEqualTo("{\"version\": 1, \"characters\": 9}");
    }

    @Test
    void membersRolesPausesAndRemovalsNameTheMemberAndTheRoles() {
        data.user("wendy", false);
        assertThat(put("/api/v1/projects/audit-demo/members/wendy", "{\"roles\":[\"LABELER\"]}"))
                .hasStatusOk();
        assertThat(put("/api/v1/projects/audit-demo/members/wendy", "{\"roles\":[\"LABELER\",\"REVIEWER\"]}"))
                .hasStatusOk();
        assertThat(mvc.post()
                        .uri("/api/v1/projects/audit-demo/members/wendy/pause")
                        .header("Authorization", TestData.basic(admin)))
                .hasStatusOk();
        assertThat(mvc.delete()
                        .uri("/api/v1/projects/audit-demo/members/wendy")
                        .header("Authorization", TestData.basic(admin)))
                .hasStatus(204);

        var roles = AuditEntries.of(jdbc, AuditAction.MEMBER_ROLE_CHANGED);
        assertThat(roles).hasSize(2);
        assertThat(roles.get(0).target()).isEqualTo("user:wendy");
        assertThat(roles.get(0).projectId()).isEqualTo(project);
        assertThat(roles.get(0).actorName()).isEqualTo(admin.username());
        assertThat(roles.get(0).details()).isEqualTo("{\"to\": [\"LABELER\"], \"from\": []}");
        assertThat(roles.get(1).details()).isEqualTo("{\"to\": [\"LABELER\", \"REVIEWER\"], \"from\": [\"LABELER\"]}");
        assertThat(AuditEntries.one(jdbc, AuditAction.MEMBER_PAUSED).details()).isEqualTo("{\"reason\": \"MANUAL\"}");
        assertThat(AuditEntries.one(jdbc, AuditAction.MEMBER_REMOVED).target()).isEqualTo("user:wendy");
    }

    @Test
    void aRefusedChangeLeavesNoEntry() {
        assertThat(put("/api/v1/projects/audit-demo/members/nobody", "{\"roles\":[\"LABELER\"]}"))
                .hasStatus(404);
        var bob = data.user();
        assertThat(mvc.put()
                        .uri("/api/v1/projects/audit-demo/guidelines")
                        .header("Authorization", TestData.basic(bob))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"content\":\"# Mine\"}"))
                .hasStatus(403);
        assertThat(AuditEntries.of(jdbc, AuditAction.MEMBER_ROLE_CHANGED)).isEmpty();
        assertThat(AuditEntries.of(jdbc, AuditAction.GUIDELINES_PUBLISHED)).isEmpty();
    }

    private org.springframework.test.web.servlet.assertj.MvcTestResult put(String uri, String json) {
        return mvc.put()
                .uri(uri)
                .header("Authorization", TestData.basic(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json)
                .exchange();
    }
}
