package dev.feedloop.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

@IntegrationTest
@RecordApplicationEvents
class ProjectsApiTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    Projects projects;

    @Autowired
    Members members;

    @Autowired
    ApplicationEvents events;

    @Test
    void adminCreatesProjectWithDefaultsAndGuidelines() {
        UserView admin = data.admin();
        var result = mvc.post()
                .uri("/api/v1/projects")
                .with(TestData.as(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"slug":"chat-prefs","name":"Chat preferences","guidelines":"# Rules\\nBe kind."}
                        """)
                .exchange();
        assertThat(result).hasStatus(HttpStatus.CREATED);
        assertThat(result).headers().hasValue("Location", "/api/v1/projects/chat-prefs");
        assertThat(result).bodyJson().extractingPath("$.demonstrationsPerItem").isEqualTo(1);
        assertThat(result).bodyJson().extractingPath("$.rankingsPerItem").isEqualTo(3);
        assertThat(result).bodyJson().extractingPath("$.leaseMinutes").isEqualTo(30);
        assertThat(result).bodyJson().extractingPath("$.tiesAllowed").isEqualTo(true);
        assertThat(result).bodyJson().extractingPath("$.hideModelNames").isEqualTo(true);
        assertThat(result).bodyJson().extractingPath("$.pairwiseStrength").isEqualTo(false);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo("DRAFT");
        assertThat(result)
                .bodyJson()
                .extractingPath("$.ratingDimensions[0].name")
                .isEqualTo("helpfulness");
        assertThat(result)
                .bodyJson()
                .extractingPath("$.ratingDimensions[2].max")
                .isEqualTo(7);
        assertThat(result).bodyJson().extractingPath("$.flags.length()").isEqualTo(5);
        assertThat(result).bodyJson().extractingPath("$.guidelinesVersion").isEqualTo(1);
        assertThat(events.stream(ProjectSettingsChanged.class)).hasSize(1);
    }

    @Test
    void creatingTakesEveryField() {
        var result = mvc.post()
                .uri("/api/v1/projects")
                .with(TestData.as(data.admin()))
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"slug":"rank-only","name":"Rank only","description":"d","demonstrationsPerItem":0,
                         "rankingsPerItem":5,"leaseMinutes":10,"tiesAllowed":false,
                         "ratingDimensions":[{"name":"accuracy","min":1,"max":5}],"flags":[],
                         "hideModelNames":false,"pairwiseStrength":true,"status":"ACTIVE"}
                        """)
                .exchange();
        assertThat(result).hasStatus(HttpStatus.CREATED);
        ProjectSettings saved = projects.find("rank-only").orElseThrow();
        assertThat(saved.demonstrationsPerItem()).isZero();
        assertThat(saved.rankingsPerItem()).isEqualTo(5);
        assertThat(saved.leaseMinutes()).isEqualTo(10);
        assertThat(saved.tiesAllowed()).isFalse();
        assertThat(saved.ratingDimensions()).containsExactly(new RatingDimension("accuracy", 1, 5));
        assertThat(saved.flags()).isEmpty();
        assertThat(saved.hideModelNames()).isFalse();
        assertThat(saved.pairwiseStrength()).isTrue();
        assertThat(saved.status()).isEqualTo(ProjectStatus.ACTIVE);
    }

    @Test
    void invalidSettingsAreRefusedWithTheField() {
        var result = mvc.post()
                .uri("/api/v1/projects")
                .with(TestData.as(data.admin()))
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"slug":"x-1","name":"X","ratingDimensions":[{"name":"a","min":5,"max":3}]}
                        """)
                .exchange();
        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("ratingDimensions[0].max");

        var badSlug = mvc.post()
                .uri("/api/v1/projects")
                .with(TestData.as(data.admin()))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"slug\":\"Bad Slug\",\"name\":\"X\"}")
                .exchange();
        assertThat(badSlug).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(badSlug).bodyJson().extractingPath("$.errors[0].field").isEqualTo("slug");
    }

    @Test
    void slugsAreUnique() {
        ProjectSettings existing = data.project().createAsAdmin();
        var result = mvc.post()
                .uri("/api/v1/projects")
                .with(TestData.as(data.admin()))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"slug\":\"" + existing.slug() + "\",\"name\":\"Again\"}")
                .exchange();
        assertThat(result).hasStatus(HttpStatus.CONFLICT);
    }

    @Test
    void onlyAdminsCreateProjects() {
        var result = mvc.post()
                .uri("/api/v1/projects")
                .with(TestData.as(data.user()))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"slug\":\"mine\",\"name\":\"Mine\"}")
                .exchange();
        assertThat(result).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(projects.find("mine")).isEmpty();
    }

    @Test
    void nonMembersCannotSeeAProjectAtAll() {
        ProjectSettings project = data.project().createAsAdmin();
        UserView outsider = data.user();
        assertThat(mvc.get()
                        .uri("/api/v1/projects/" + project.slug())
                        .with(TestData.as(outsider))
                        .exchange())
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.get()
                        .uri("/api/v1/projects/no-such")
                        .with(TestData.as(outsider))
                        .exchange())
                .hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void adminAddsMemberWithRolesThroughPut() {
        ProjectSettings project = data.project().createAsAdmin();
        UserView person = data.user();
        var result = mvc.put()
                .uri("/api/v1/projects/" + project.slug() + "/members/" + person.username())
                .with(TestData.as(data.admin()))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"roles\":[\"LABELER\",\"ANNOTATOR\"]}")
                .exchange();
        assertThat(result).hasStatusOk();
        assertThat(projects.rolesOf(project.id(), person.id()))
                .containsExactlyInAnyOrder(ProjectRole.LABELER, ProjectRole.ANNOTATOR);

        assertThat(mvc.get()
                        .uri("/api/v1/projects/" + project.slug())
                        .with(TestData.as(person))
                        .exchange())
                .hasStatusOk();

        mvc.put()
                .uri("/api/v1/projects/" + project.slug() + "/members/" + person.username())
                .with(TestData.as(data.admin()))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"roles\":[\"REVIEWER\"]}")
                .exchange();
        assertThat(projects.rolesOf(project.id(), person.id())).containsExactly(ProjectRole.REVIEWER);
    }

    @Test
    void membersCannotManageMembers() {
        ProjectSettings project = data.project().createAsAdmin();
        UserView member = data.user();
        data.member(project, member, ProjectRole.LABELER);
        var result = mvc.put()
                .uri("/api/v1/projects/" + project.slug() + "/members/" + member.username())
                .with(TestData.as(member))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"roles\":[\"REVIEWER\"]}")
                .exchange();
        assertThat(result).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(projects.rolesOf(project.id(), member.id())).containsExactly(ProjectRole.LABELER);
    }

    @Test
    void unknownUserOrNoRolesAreRefused() {
        ProjectSettings project = data.project().createAsAdmin();
        assertThat(mvc.put()
                        .uri("/api/v1/projects/" + project.slug() + "/members/nobody-here")
                        .with(TestData.as(data.admin()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"roles\":[\"LABELER\"]}")
                        .exchange())
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.put()
                        .uri("/api/v1/projects/" + project.slug() + "/members/"
                                + data.user().username())
                        .with(TestData.as(data.admin()))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"roles\":[]}")
                        .exchange())
                .hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void changingSettingsPublishesAnEventAndKeepsUnsentFields() {
        ProjectSettings project = data.project().createAsAdmin();
        events.clear();
        var result = mvc.put()
                .uri("/api/v1/projects/" + project.slug())
                .with(TestData.as(data.admin()))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"rankingsPerItem\":5}")
                .exchange();
        assertThat(result).hasStatusOk();
        ProjectSettings saved = projects.get(project.id());
        assertThat(saved.rankingsPerItem()).isEqualTo(5);
        assertThat(saved.name()).isEqualTo(project.name());
        assertThat(saved.flags()).isEqualTo(project.flags());
        assertThat(events.stream(ProjectSettingsChanged.class))
                .containsExactly(new ProjectSettingsChanged(project.id()));
    }

    @Test
    void listShowsMembersTheirProjectsAndAdminsAll() {
        ProjectSettings mine = data.project().createAsAdmin();
        data.project().createAsAdmin();
        UserView member = data.user();
        data.member(mine, member, ProjectRole.ANNOTATOR);
        assertThat(projects.list(TestData.principal(member)))
                .extracting(ProjectSummary::slug)
                .containsExactly(mine.slug());
        assertThat(projects.list(TestData.principal(data.admin()))).hasSize(2);
    }
}
