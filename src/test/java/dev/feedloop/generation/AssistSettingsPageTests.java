package dev.feedloop.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.ModelStub;
import dev.feedloop.testsupport.RefusedPages;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.nio.charset.StandardCharsets;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** The project's Model help page: which endpoints writers may use, and the critique prompt. */
@IntegrationTest
class AssistSettingsPageTests {

    @RegisterExtension
    static final ModelStub MODEL = new ModelStub();

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AssistSettings settings;

    TestProject project;
    UserView admin;
    long first;
    long second;

    @BeforeEach
    void setUp() {
        project = data.project().create();
        admin = data.admin();
        first = MODEL.register(jdbc, "First", "m-1");
        second = MODEL.register(jdbc, "Second", "m-2");
    }

    Document settingsPage() throws Exception {
        return Jsoup.parse(mvc.get()
                .uri("/projects/{slug}/assist", project.slug())
                .with(TestData.as(admin))
                .exchange()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void aProjectStartsWithoutModelHelpAndTheAdminChoosesEndpointsAndAPrompt() throws Exception {
        assertThat(settings.forWriters(project.id()).available()).isFalse();
        Document page = settingsPage();
        assertThat(page.select("input[name=mode][checked]").attr("value")).isEqualTo("off");
        assertThat(page.select("#critiquePrompt").text()).startsWith("You check an answer");

        assertThat(mvc.post()
                        .uri("/projects/{slug}/assist", project.slug())
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("mode", "chosen")
                        .param("endpointIds", String.valueOf(second))
                        .param("critiquePrompt", "Look only for wrong numbers."))
                .hasStatus3xxRedirection();

        WriterAssist writers = settings.forWriters(project.id());
        assertThat(writers.endpoints()).extracting(EndpointChoice::name).containsExactly("Second");
        assertThat(writers.critiquePrompt()).isEqualTo("Look only for wrong numbers.");

        mvc.post()
                .uri("/projects/{slug}/assist", project.slug())
                .with(TestData.as(admin))
                .with(csrf())
                .param("mode", "all")
                .param("critiquePrompt", "")
                .exchange();
        writers = settings.forWriters(project.id());
        assertThat(writers.endpoints()).extracting(EndpointChoice::name).containsExactly("First", "Second");
        assertThat(writers.critiquePrompt()).as("empty: the default").isEqualTo(AssistSettings.DEFAULT_CRITIQUE_PROMPT);

        jdbc.sql("DELETE FROM model_endpoint WHERE id = ?").param(first).update();
        assertThat(settings.forWriters(project.id()).endpoints())
                .extracting(EndpointChoice::name)
                .containsExactly("Second");
    }

    @Test
    void savingThePageWithTheDefaultPromptAsABrowserSendsItKeepsTheDefault() throws Exception {
        assertThat(mvc.post()
                        .uri("/projects/{slug}/assist", project.slug())
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("mode", "all")
                        .param("critiquePrompt", AssistSettings.DEFAULT_CRITIQUE_PROMPT.replace("\n", "\r\n")))
                .hasStatus3xxRedirection();
        assertThat(jdbc.sql("SELECT critique_prompt FROM assist_settings WHERE project_id = ?")
                        .param(project.id())
                        .query(String.class)
                        .optional())
                .as("no prompt of its own")
                .isEmpty();
        Document page = settingsPage();
        assertThat(page.select("#critiquePrompt-help").text()).startsWith("This is the default prompt.");
    }

    @Test
    void choosingNoEndpointIsRefusedWithTheReason() throws Exception {
        var result = mvc.post()
                .uri("/projects/{slug}/assist", project.slug())
                .with(TestData.as(admin))
                .with(csrf())
                .param("mode", "chosen")
                .exchange();
        assertThat(result).hasStatus3xxRedirection().flash().containsKey("refusedInput");
        Document page = RefusedPages.follow(mvc, result, "/projects/" + project.slug() + "/assist", TestData.as(admin));
        assertThat(page.select(".field-error").text())
                .isEqualTo("Choose at least one endpoint, or choose no model help.");
        assertThat(settings.forWriters(project.id()).available()).isFalse();
    }

    @Test
    void onlySiteAdminsSeeOrChangeIt() {
        UserView labeler = data.user();
        data.member(project, labeler, "LABELER");
        assertThat(mvc.get().uri("/projects/{slug}/assist", project.slug()).with(TestData.as(labeler)))
                .hasStatus(403);
        assertThat(mvc.post()
                        .uri("/projects/{slug}/assist", project.slug())
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .param("mode", "all"))
                .hasStatus(403);
        assertThat(settings.forWriters(project.id()).available()).isFalse();
    }
}
