package dev.feedloop.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** The disagreement settings of a project: threshold, extra rankings and quick judgments. */
@IntegrationTest
class AgreementSettingsTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    Projects projects;

    @Autowired
    JdbcClient jdbc;

    UserView admin;

    @BeforeEach
    void setUp() {
        admin = data.admin();
    }

    @Test
    void aNewProjectHasTheDefaultsInItsJson() {
        var result = mvc.post()
                .uri("/api/v1/projects")
                .with(TestData.as(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"slug\":\"agree-defaults\",\"name\":\"Defaults\"}")
                .exchange();
        assertThat(result).hasStatus(HttpStatus.CREATED);
        assertThat(result).bodyJson().extractingPath("$.agreementThreshold").isEqualTo(0);
        assertThat(result).bodyJson().extractingPath("$.maxExtraRankings").isEqualTo(2);
        assertThat(result).bodyJson().extractingPath("$.quickSeconds").isEqualTo(5);
        assertThat(projects.find("agree-defaults").orElseThrow().agreement()).isEqualTo(AgreementSettings.DEFAULT);
        assertThat(AgreementSettings.DEFAULT.on()).isFalse();
    }

    @Test
    void theApiSetsReadsAndKeepsUnsentAgreementFields() {
        ProjectSettings project = data.project().createAsAdmin();
        assertThat(mvc.put()
                        .uri("/api/v1/projects/" + project.slug())
                        .with(TestData.as(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"agreementThreshold\": 60, \"maxExtraRankings\": 4, \"quickSeconds\": 0}"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.agreementThreshold")
                .isEqualTo(60);
        assertThat(stored(project)).isEqualTo("60/4/0");

        assertThat(mvc.put()
                        .uri("/api/v1/projects/" + project.slug())
                        .with(TestData.as(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"maxExtraRankings\": 20}"))
                .hasStatusOk();
        AgreementSettings saved = projects.get(project.id()).agreement();
        assertThat(saved).isEqualTo(new AgreementSettings(60, 20, 0));
        assertThat(saved.on()).isTrue();
        assertThat(saved.quickOn()).isFalse();

        var read = mvc.get()
                .uri("/api/v1/projects/" + project.slug())
                .with(TestData.as(admin))
                .exchange();
        assertThat(read).bodyJson().extractingPath("$.maxExtraRankings").isEqualTo(20);
        assertThat(read).bodyJson().extractingPath("$.quickSeconds").isEqualTo(0);
    }

    @ParameterizedTest
    @CsvSource({
        "agreementThreshold, 101",
        "agreementThreshold, -1",
        "maxExtraRankings, 21",
        "maxExtraRankings, -1",
        "quickSeconds, 3601",
        "quickSeconds, -5"
    })
    void theApiRefusesOutOfRangeValuesNamingTheFieldAndTheRange(String field, int value) {
        ProjectSettings project = data.project().createAsAdmin();
        var result = mvc.put()
                .uri("/api/v1/projects/" + project.slug())
                .with(TestData.as(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"" + field + "\": " + value + "}")
                .exchange();
        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo(field);
        assertThat(result)
                .bodyJson()
                .extractingPath("$.errors[0].message")
                .asString()
                .startsWith("Must be between 0 and ");
        assertThat(projects.get(project.id()).agreement()).isEqualTo(AgreementSettings.DEFAULT);
    }

    @Test
    void theSettingsFormShowsEditsAndKeepsDefaultsForFieldsNotSent() {
        ProjectSettings project = data.project().createAsAdmin();
        Document form = ProjectPagesTests.html(mvc.get()
                .uri("/projects/" + project.slug() + "/settings")
                .with(TestData.as(admin))
                .exchange());
        assertThat(form.select("input[name=agreementThreshold]").val()).isEqualTo("0");
        assertThat(form.select("input[name=maxExtraRankings]").val()).isEqualTo("2");
        assertThat(form.select("input[name=quickSeconds]").val()).isEqualTo("5");
        assertThat(form.select("label[for=agreementThreshold]").text()).isNotBlank();

        assertThat(settingsPost(project)
                        .param("agreementThreshold", "55")
                        .param("maxExtraRankings", "3")
                        .param("quickSeconds", "12")
                        .exchange())
                .hasStatus3xxRedirection();
        assertThat(stored(project)).isEqualTo("55/3/12");

        assertThat(settingsPost(project).exchange()).hasStatus3xxRedirection();
        assertThat(projects.get(project.id()).agreement()).isEqualTo(AgreementSettings.DEFAULT);
    }

    @Test
    void anOutOfRangeValueOnTheFormIsShownUnderItsFieldAndNothingIsSaved() {
        ProjectSettings project = data.project().createAsAdmin();
        Document page = ProjectPagesTests.html(settingsPost(project)
                .param("agreementThreshold", "50")
                .param("maxExtraRankings", "25")
                .exchange());
        assertThat(page.select("input[name=maxExtraRankings]").val()).isEqualTo("25");
        assertThat(page.select("#maxExtraRankings-error").text()).isNotBlank();
        assertThat(stored(project)).isEqualTo("0/2/5");
    }

    @Test
    void theServiceRefusesOutOfRangeValuesFromAnyCaller() {
        ProjectSettings project = data.project().createAsAdmin();
        ProjectDefinition d = project.definition();
        ProjectDefinition tooQuick = new ProjectDefinition(
                d.slug(),
                d.name(),
                d.description(),
                d.status(),
                d.demonstrationsPerItem(),
                d.rankingsPerItem(),
                d.leaseMinutes(),
                d.tiesAllowed(),
                d.ratingDimensions(),
                d.flags(),
                d.hideModelNames(),
                d.pairwiseStrength(),
                d.gold(),
                new AgreementSettings(50, 2, 4000));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> projects.update(project.slug(), tooQuick, TestData.principal(admin)))
                .isInstanceOf(dev.feedloop.problems.Refusal.class);
        assertThat(stored(project)).isEqualTo("0/2/5");
    }

    private org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder settingsPost(
            ProjectSettings project) {
        return mvc.post()
                .uri("/projects/" + project.slug() + "/settings")
                .with(TestData.as(admin))
                .with(csrf())
                .param("slug", project.slug())
                .param("name", project.name())
                .param("status", "ACTIVE")
                .param("demonstrationsPerItem", "1")
                .param("rankingsPerItem", "3")
                .param("leaseMinutes", "30");
    }

    private String stored(ProjectSettings project) {
        return jdbc.sql("SELECT agreement_threshold || '/' || max_extra_rankings || '/' || quick_seconds"
                        + " FROM project WHERE id = ?")
                .param(project.id())
                .query(String.class)
                .single();
    }
}
