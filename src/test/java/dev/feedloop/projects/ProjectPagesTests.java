package dev.feedloop.projects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.RefusedPages;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

@IntegrationTest
class ProjectPagesTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    Projects projects;

    @Autowired
    Members members;

    @Autowired
    Guidelines guidelines;

    UserView admin;

    @BeforeEach
    void setUp() {
        admin = data.admin();
    }

    static Document html(MvcTestResult result) {
        assertThat(result).hasStatusOk();
        return Jsoup.parse(
                new String(result.getResponse().getContentAsByteArray(), java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void membersSeeTheirProjectsAndAdminsSeeAllWithANewButton() {
        ProjectSettings mine = data.project().createAsAdmin();
        ProjectSettings other = data.project().createAsAdmin();
        UserView member = data.user();
        data.member(mine, member, ProjectRole.ANNOTATOR);

        Document memberPage =
                html(mvc.get().uri("/projects").with(TestData.as(member)).exchange());
        assertThat(memberPage.select(".project-card h2").eachText()).containsExactly(mine.name());
        assertThat(memberPage.select("a[href=/projects/new]")).isEmpty();

        Document adminPage =
                html(mvc.get().uri("/projects").with(TestData.as(admin)).exchange());
        assertThat(adminPage.select(".project-card h2").eachText())
                .containsExactlyInAnyOrder(mine.name(), other.name());
        assertThat(adminPage.select("a[href=/projects/new]")).hasSize(1);
    }

    @Test
    void adminCreatesAProjectWithEditedListsThroughTheForm() {
        Document form =
                html(mvc.get().uri("/projects/new").with(TestData.as(admin)).exchange());
        assertThat(form.select("#dimension-rows input[name=dimensionName]")).hasSize(3);
        assertThat(form.select("#flag-rows input[name=flags]")).hasSize(5);

        MvcTestResult result = mvc.post()
                .uri("/projects")
                .with(TestData.as(admin))
                .with(csrf())
                .param("slug", "summaries")
                .param("name", "Summaries")
                .param("description", "Rank summaries")
                .param("status", "ACTIVE")
                .param("demonstrationsPerItem", "0")
                .param("rankingsPerItem", "2")
                .param("leaseMinutes", "15")
                .param("tiesAllowed", "false")
                .param("_tiesAllowed", "on")
                .param("_hideModelNames", "on")
                .param("pairwiseStrength", "true")
                .param("dimensionName", "faithfulness", "", "fluency")
                .param("dimensionMin", "1", "1", "0")
                .param("dimensionMax", "5", "7", "3")
                .param("flags", "too long", "", "made up facts")
                .param("guidelines", "# Summaries\nKeep facts.")
                .exchange();
        assertThat(result).hasStatus(HttpStatus.FOUND).redirectedUrl().isEqualTo("/projects/summaries");

        ProjectSettings saved = projects.find("summaries").orElseThrow();
        assertThat(saved.ratingDimensions())
                .containsExactly(new RatingDimension("faithfulness", 1, 5), new RatingDimension("fluency", 0, 3));
        assertThat(saved.flags()).containsExactly("too long", "made up facts");
        assertThat(saved.tiesAllowed()).isFalse();
        assertThat(saved.hideModelNames()).isFalse();
        assertThat(saved.pairwiseStrength()).isTrue();
        assertThat(saved.demonstrationsPerItem()).isZero();
        assertThat(projects.currentGuidelines(saved.id()).version()).isEqualTo(1);
    }

    @Test
    void invalidFormIsShownAgainWithTheError() {
        MvcTestResult result = mvc.post()
                .uri("/projects")
                .with(TestData.as(admin))
                .with(csrf())
                .param("slug", "ok-slug")
                .param("name", "Name")
                .param("status", "DRAFT")
                .param("demonstrationsPerItem", "1")
                .param("rankingsPerItem", "99")
                .param("leaseMinutes", "30")
                .param("dimensionName", "a", "a")
                .param("dimensionMin", "1", "1")
                .param("dimensionMax", "7", "7")
                .exchange();
        Document page = html(result);
        assertThat(page.select(".field-error").text()).isNotBlank();
        assertThat(projects.find("ok-slug")).isEmpty();
    }

    @Test
    void aRefusedSlugIsMarkedOnItsFieldWithTheErrorRightUnderIt() {
        MvcTestResult result = mvc.post()
                .uri("/projects")
                .with(TestData.as(admin))
                .with(csrf())
                .param("slug", "My Project")
                .param("name", "Name")
                .param("status", "DRAFT")
                .param("demonstrationsPerItem", "1")
                .param("rankingsPerItem", "1")
                .param("leaseMinutes", "30")
                .exchange();
        Document page = RefusedPages.follow(mvc, result, "/projects/new", TestData.as(admin));
        var slug = page.selectFirst("input#slug");
        assertThat(slug.attr("aria-invalid")).isEqualTo("true");
        assertThat(slug.attr("aria-describedby")).isEqualTo("slug-error slug-help");
        assertThat(slug.attr("title"))
                .as("the browser's own check names the rule")
                .contains("2 to 63");
        assertThat(slug.nextElementSibling().id()).isEqualTo("slug-error");
        assertThat(page.selectFirst("#slug-error").text()).isNotBlank();
    }

    @Test
    void aProjectThatHandsOutNoWorkSaysWhatToDoAboutIt() {
        TestProject draft = data.project().status("DRAFT").create();
        UserView labeler = data.user();
        data.member(draft, labeler, "LABELER");

        Document asAdmin = html(mvc.get()
                .uri("/projects/" + draft.slug())
                .with(TestData.as(admin))
                .exchange());
        assertThat(asAdmin.select(".not-active").text()).contains("hands out no work");
        assertThat(asAdmin.select(".not-active a").attr("href")).isEqualTo("/projects/" + draft.slug() + "/settings");

        Document asLabeler = html(mvc.get()
                .uri("/projects/" + draft.slug())
                .with(TestData.as(labeler))
                .exchange());
        assertThat(asLabeler.select(".not-active").text()).contains("Ask an administrator to set it to Active.");
        assertThat(asLabeler.select(".not-active a")).isEmpty();

        Document active = html(mvc.get()
                .uri("/projects/" + data.project().create().slug())
                .with(TestData.as(admin))
                .exchange());
        assertThat(active.select(".not-active")).isEmpty();
    }

    @Test
    void settingsPageEditsTheProject() {
        ProjectSettings project = data.project().createAsAdmin();
        Document form = html(mvc.get()
                .uri("/projects/" + project.slug() + "/settings")
                .with(TestData.as(admin))
                .exchange());
        assertThat(form.select("input[name=slug]").attr("readonly")).isNotNull();
        assertThat(form.select("input[name=name]").val()).isEqualTo(project.name());

        mvc.post()
                .uri("/projects/" + project.slug() + "/settings")
                .with(TestData.as(admin))
                .with(csrf())
                .param("slug", project.slug())
                .param("name", "Renamed")
                .param("status", "PAUSED")
                .param("demonstrationsPerItem", "2")
                .param("rankingsPerItem", "3")
                .param("leaseMinutes", "30")
                .exchange();
        ProjectSettings saved = projects.get(project.id());
        assertThat(saved.name()).isEqualTo("Renamed");
        assertThat(saved.status()).isEqualTo(ProjectStatus.PAUSED);
        assertThat(saved.demonstrationsPerItem()).isEqualTo(2);
        assertThat(saved.ratingDimensions()).isEmpty();
    }

    @Test
    void settingsAreForAdminsAndProjectsHiddenFromOutsiders() {
        ProjectSettings project = data.project().createAsAdmin();
        UserView member = data.user();
        data.member(project, member, ProjectRole.LABELER);
        assertThat(mvc.get()
                        .uri("/projects/" + project.slug() + "/settings")
                        .with(TestData.as(member))
                        .exchange())
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.get()
                        .uri("/projects/" + project.slug() + "/guidelines")
                        .with(TestData.as(data.user()))
                        .exchange())
                .hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void guidelinesAreRenderedSafelyWithHistoryAndDiff() {
        ProjectSettings project = data.project().createAsAdmin();
        var principal = TestData.principal(admin);
        guidelines.save(project.slug(), "# Rules\nBe **kind**.", principal);
        guidelines.save(project.slug(), "# Rules\nBe **kind**.\n<script>alert(1)</script>", principal);
        UserView member = data.user();
        data.member(project, member, ProjectRole.LABELER);

        Document page = html(mvc.get()
                .uri("/projects/" + project.slug() + "/guidelines")
                .with(TestData.as(member))
                .exchange());
        assertThat(page.select("article.markdown h1").text()).isEqualTo("Rules");
        assertThat(page.select("article.markdown script")).isEmpty();
        assertThat(page.select("article.markdown").text()).contains("<script>alert(1)</script>");
        assertThat(page.select("ol.history li")).hasSize(2);
        assertThat(page.select("form textarea[name=content]")).isEmpty();

        Document version = html(mvc.get()
                .uri("/projects/" + project.slug() + "/guidelines/2")
                .with(TestData.as(member))
                .exchange());
        assertThat(version.select(".diff-added .diff-text").eachText()).containsExactly("<script>alert(1)</script>");
        assertThat(version.select(".diff script")).isEmpty();
    }

    @Test
    void adminEditsGuidelinesOnThePage() {
        ProjectSettings project = data.project().createAsAdmin();
        Document editor = html(mvc.get()
                .uri("/projects/" + project.slug() + "/guidelines?edit=true")
                .with(TestData.as(admin))
                .exchange());
        assertThat(editor.select("form textarea[name=content]")).hasSize(1);
        assertThat(mvc.post()
                        .uri("/projects/" + project.slug() + "/guidelines")
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("content", "New rules")
                        .exchange())
                .hasStatus(HttpStatus.FOUND);
        assertThat(projects.currentGuidelines(project.id()).content()).isEqualTo("New rules");
    }

    @Test
    void membersPageAddsChangesAndRemovesMembers() {
        ProjectSettings project = data.project().createAsAdmin();
        UserView person = data.user();
        mvc.post()
                .uri("/projects/" + project.slug() + "/members")
                .with(TestData.as(admin))
                .with(csrf())
                .param("username", person.username())
                .param("roles", "LABELER", "REVIEWER")
                .exchange();
        assertThat(projects.rolesOf(project.id(), person.id()))
                .containsExactlyInAnyOrder(ProjectRole.LABELER, ProjectRole.REVIEWER);

        Document page = html(mvc.get()
                .uri("/projects/" + project.slug() + "/members")
                .with(TestData.as(admin))
                .exchange());
        assertThat(page.select("tbody tr")).hasSize(1);
        assertThat(page.select("tbody input[name=roles][checked]").eachAttr("value"))
                .containsExactly("LABELER", "REVIEWER");

        mvc.post()
                .uri("/projects/" + project.slug() + "/members")
                .with(TestData.as(admin))
                .with(csrf())
                .param("username", person.username())
                .param("existing", "true")
                .param("roles", "ANNOTATOR")
                .exchange();
        assertThat(projects.rolesOf(project.id(), person.id())).containsExactly(ProjectRole.ANNOTATOR);

        mvc.post()
                .uri("/projects/" + project.slug() + "/members/" + person.username() + "/remove")
                .with(TestData.as(admin))
                .with(csrf())
                .exchange();
        assertThat(projects.rolesOf(project.id(), person.id())).isEmpty();
    }

    @Test
    void refusedGuidelinesComeBackInTheEditorWithTheMessageAndTheTypedText() {
        ProjectSettings project = data.project().createAsAdmin();
        GuidelineView before = projects.currentGuidelines(project.id());
        String typed = "Rules\n" + "x".repeat(Guidelines.MAX_CHARACTERS);
        MvcTestResult refused = mvc.post()
                .uri("/projects/" + project.slug() + "/guidelines")
                .with(TestData.as(admin))
                .with(csrf())
                .param("content", typed)
                .exchange();
        Document editor = RefusedPages.follow(
                mvc, refused, "/projects/" + project.slug() + "/guidelines?edit=true", TestData.as(admin));
        assertThat(editor.select(".flashes .flash-error > span").text())
                .isEqualTo("The guidelines are too long (at most 200,000 characters).");
        assertThat(editor.select("form textarea[name=content]").val()).isEqualTo(typed);
        assertThat(projects.currentGuidelines(project.id())).isEqualTo(before);
    }

    @Test
    void guidelinesOfAnUnknownProjectAnswerTheNotFoundPage() {
        MvcTestResult result = mvc.post()
                .uri("/projects/no-such-project/guidelines")
                .with(TestData.as(admin))
                .with(csrf())
                .param("content", "New rules")
                .exchange();
        assertThat(result).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(result.getResponse().getForwardedUrl()).isNull();
        assertThat((java.util.Map<String, Object>) result.getMvcResult().getFlashMap())
                .isEmpty();
    }

    @Test
    void aRefusedNewProjectComesBackAsTypedWithTheMessageNextToTheField() {
        ProjectSettings taken = data.project().createAsAdmin();
        MvcTestResult refused = mvc.post()
                .uri("/projects")
                .with(TestData.as(admin))
                .with(csrf())
                .param("slug", taken.slug())
                .param("name", "Second try")
                .param("description", "What we typed")
                .param("status", "ACTIVE")
                .param("demonstrationsPerItem", "2")
                .param("rankingsPerItem", "3")
                .param("leaseMinutes", "45")
                .param("dimensionName", "clarity", "tone")
                .param("dimensionMin", "1", "0")
                .param("dimensionMax", "5", "3")
                .param("flags", "too long")
                .param("pairwiseStrength", "true")
                .exchange();
        Document form = RefusedPages.follow(mvc, refused, "/projects/new", TestData.as(admin));
        assertThat(form.select("input[name=slug] ~ .field-error").text())
                .isEqualTo("Another project already has this slug: choose another one.");
        assertThat(form.select(".flashes .flash-error")).isEmpty();
        assertThat(form.select("input[name=slug]").val()).isEqualTo(taken.slug());
        assertThat(form.select("input[name=name]").val()).isEqualTo("Second try");
        assertThat(form.select("[name=description]").val()).isEqualTo("What we typed");
        assertThat(form.select("select[name=status] option[selected]").val()).isEqualTo("ACTIVE");
        assertThat(form.select("input[name=leaseMinutes]").val()).isEqualTo("45");
        assertThat(form.select("#dimension-rows input[name=dimensionName]").eachAttr("value"))
                .containsExactly("clarity", "tone");
        assertThat(form.select("#dimension-rows input[name=dimensionMax]").eachAttr("value"))
                .containsExactly("5", "3");
        assertThat(form.select("#flag-rows input[name=flags]").eachAttr("value"))
                .containsExactly("too long");
        assertThat(form.select("input[name=pairwiseStrength]").hasAttr("checked"))
                .isTrue();
        assertThat(projects.list(TestData.principal(admin))).hasSize(1);
    }

    @Test
    void aRefusedDimensionIsShownUnderTheDimensionRows() {
        ProjectSettings project = data.project().createAsAdmin();
        MvcTestResult refused = mvc.post()
                .uri("/projects/" + project.slug() + "/settings")
                .with(TestData.as(admin))
                .with(csrf())
                .param("slug", project.slug())
                .param("name", "Renamed")
                .param("status", "DRAFT")
                .param("demonstrationsPerItem", "1")
                .param("rankingsPerItem", "1")
                .param("leaseMinutes", "30")
                .param("dimensionName", "a", "A")
                .param("dimensionMin", "1", "1")
                .param("dimensionMax", "7", "7")
                .exchange();
        Document form =
                RefusedPages.follow(mvc, refused, "/projects/" + project.slug() + "/settings", TestData.as(admin));
        assertThat(form.select("#dimension-rows + .field-error").text()).isEqualTo("A dimension is listed twice.");
        assertThat(form.select("input[name=name]").val()).isEqualTo("Renamed");
        assertThat(form.select("#dimension-rows input[name=dimensionName]").eachAttr("value"))
                .containsExactly("a", "A");
        assertThat(projects.find(project.slug()).orElseThrow().name()).isEqualTo(project.name());
    }

    @Test
    void anUnknownUsernameIsShownOnTheMembersPageWithWhatWasTyped() {
        ProjectSettings project = data.project().createAsAdmin();
        String page = "/projects/" + project.slug() + "/members";
        MvcTestResult refused = mvc.post()
                .uri(page)
                .with(TestData.as(admin))
                .with(csrf())
                .param("username", "nobody-here")
                .param("roles", "REVIEWER")
                .exchange();
        Document members = RefusedPages.follow(mvc, refused, page, TestData.as(admin));
        assertThat(members.select(".flashes .flash-error > span").text())
                .isEqualTo(
                        "There is no user with this username. Check the spelling, or create the account under Users first.");
        assertThat(members.select("#new-username").val()).isEqualTo("nobody-here");
        assertThat(members.select("form:has(#new-username) input[name=roles][checked]")
                        .eachAttr("value"))
                .containsExactly("REVIEWER");
    }

    @Test
    void aRefusedMemberOverHtmxShowsTheMessageInThePageMessages() {
        ProjectSettings project = data.project().createAsAdmin();
        UserView person = data.user();
        MvcTestResult refused = mvc.post()
                .uri("/projects/" + project.slug() + "/members")
                .with(TestData.as(admin))
                .with(csrf())
                .header("HX-Request", "true")
                .param("username", person.username())
                .exchange();
        Document message = RefusedPages.htmxMessage(refused, "#flashes");
        assertThat(message.select(".flash-error > span").text()).isEqualTo("Choose at least one role.");
        assertThat(projects.rolesOf(project.id(), person.id())).isEmpty();
    }
}
