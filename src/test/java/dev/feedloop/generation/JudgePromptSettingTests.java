package dev.feedloop.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.RefusedPages;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The project's judge prompt on the Model help page: set, sent by judge runs started without a
 * prompt (REST and the generation page's form, which starts filled with it), reset to the default,
 * a prompt too long refused next to its field, and site admins only.
 */
@IntegrationTest
class JudgePromptSettingTests {

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("prompt-judge-model");

    static final String OWN = "Prefer the answer that cites the refund policy.";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JudgeRuns judgeRuns;

    @Autowired
    AssistSettings settings;

    @Autowired
    JsonMapper json;

    UserView admin;
    AccountPrincipal me;
    TestProject project;
    String assist;
    long endpoint;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        me = TestData.principal(admin);
        project = data.project().demonstrations(0).rankings(1).create();
        assist = "/projects/" + project.slug() + "/assist";
        endpoint = jdbc.sql("""
                        INSERT INTO model_endpoint (name, base_url, model, concurrency_limit, requests_per_minute)
                        VALUES ('Prompt judge', :url, 'prompt-judge-model', 4, 10000) RETURNING id
                        """).param("url", MODEL.baseUrl()).query(Long.class).single();
        data.item(project, "q-1", 0, "a", "b");
        MODEL.answer(ModelServer.answering("prompt-judge-model", "{\\\"ranking\\\": [[\\\"A\\\"], [\\\"B\\\"]]}"));
    }

    Document get(String uri) {
        MvcTestResult result = mvc.get().uri(uri).with(TestData.as(admin)).exchange();
        assertThat(result).hasStatusOk();
        return Jsoup.parse(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
    }

    MvcTestResult post(UserView who, String uri, String... nameValues) {
        var request = mvc.post().uri(uri).with(TestData.as(who)).with(csrf());
        for (int i = 0; i < nameValues.length; i += 2) {
            request = request.param(nameValues[i], nameValues[i + 1]);
        }
        return request.exchange();
    }

    /** The system messages the model server received, oldest first. */
    List<String> systemMessagesSent() {
        return MODEL.requests().reversed().stream()
                .map(r -> json.readTree(r.getBodyAsString()).path("messages").path(0))
                .filter(m -> m.path("role").asString().equals("system"))
                .map(m -> m.path("content").asString())
                .toList();
    }

    JudgeRunView finished(long runId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            JudgeRunView run = judgeRuns.get(me, project.slug(), runId);
            if (!run.run().isRunning()) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("judge run " + runId + " did not finish");
    }

    long startOverApi(String body) throws Exception {
        MvcTestResult started = mvc.post()
                .uri("/api/v1/projects/" + project.slug() + "/judge-runs")
                .with(TestData.as(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .exchange();
        assertThat(started).hasStatus(201);
        JsonNode run = json.readTree(started.getResponse().getContentAsString());
        return run.path("run").path("id").asLong();
    }

    @Test
    void theAssistPageShowsTheDefaultJudgePromptUntilTheProjectHasItsOwn() {
        Document page = get(assist);
        Element form = page.selectFirst("form#judge-prompt");
        assertThat(form).isNotNull();
        assertThat(form.attr("action")).isEqualTo(assist + "/judge-prompt");
        assertThat(form.select("input[name=_csrf]")).hasSize(1);
        assertThat(form.selectFirst("textarea#judgePrompt[name=judgePrompt]").val())
                .isEqualTo(JudgeRuns.defaultPrompt());
        assertThat(form.select("[data-judge-prompt-state]").text()).isEqualTo("This is the default judge prompt.");
        assertThat(form.select("button[name=reset]").hasAttr("disabled"))
                .as("nothing to reset")
                .isTrue();
        assertThat(form.select("details pre").text()).startsWith("You are an impartial judge");
        assertThat(settings.judgePrompt(project.id())).isEqualTo(JudgeRuns.defaultPrompt());
    }

    @Test
    void theProjectsPromptIsSentByARunStartedOverTheApiWithoutOneAndFillsTheJudgeForm() throws Exception {
        assertThat(post(admin, assist + "/judge-prompt", "judgePrompt", "  " + OWN + "\n"))
                .hasStatus(302)
                .hasRedirectedUrl(assist + "#judge-prompt")
                .flash()
                .containsEntry("flashMessage", "assist.judgePrompt.saved");
        Document page = get(assist);
        assertThat(page.selectFirst("textarea#judgePrompt").val()).isEqualTo(OWN);
        assertThat(page.select("form#judge-prompt [data-judge-prompt-state]").text())
                .isEqualTo("This project has its own judge prompt.");
        assertThat(page.select("form#judge-prompt button[name=reset]").hasAttr("disabled"))
                .isFalse();

        long runId = startOverApi("{\"endpointId\":" + endpoint + "}");
        JudgeRunView run = finished(runId);
        assertThat(run.prompt()).isEqualTo(OWN);
        assertThat(run.run().done()).isEqualTo(2);
        assertThat(systemMessagesSent())
                .hasSize(2)
                .allSatisfy(system ->
                        assertThat(system).startsWith(OWN + "\n\n").doesNotContain("You are an impartial judge"));

        Element judgeForm = get("/projects/" + project.slug() + "/generation").selectFirst("#judge-form");
        Element prompt = judgeForm.selectFirst("textarea#judge-prompt");
        assertThat(prompt.val()).as("the form starts with the project's prompt").isEqualTo(OWN);
        assertThat(prompt.attr("data-default-text")).isEqualTo(OWN);
    }

    @Test
    void theJudgeFormSentWithAnEmptyPromptUsesTheProjectsPromptAndAGivenOneWins() throws Exception {
        settings.setJudgePrompt(project.slug(), me, OWN);
        String generation = "/projects/" + project.slug() + "/generation";
        assertThat(post(admin, generation + "/judge-runs", "endpointId", String.valueOf(endpoint), "prompt", ""))
                .hasStatus(302)
                .hasRedirectedUrl(generation);
        long first = jdbc.sql("SELECT max(id) FROM generation_run WHERE kind = 'JUDGE'")
                .query(Long.class)
                .single();
        assertThat(finished(first).prompt()).isEqualTo(OWN);

        long second = startOverApi("{\"endpointId\":" + endpoint + ",\"prompt\":\"Only correctness counts.\"}");
        assertThat(finished(second).prompt()).isEqualTo("Only correctness counts.");
        List<String> sent = systemMessagesSent();
        assertThat(sent).hasSize(4);
        assertThat(sent.subList(0, 2)).allSatisfy(s -> assertThat(s).startsWith(OWN));
        assertThat(sent.subList(2, 4)).allSatisfy(s -> assertThat(s).startsWith("Only correctness counts."));
        assertThat(settings.judgePrompt(project.id()))
                .as("a run's own prompt leaves the project's alone")
                .isEqualTo(OWN);
    }

    @Test
    void resetGoesBackToTheDefaultForTheNextRunsAndKeepsEarlierRunsPrompts() throws Exception {
        settings.setJudgePrompt(project.slug(), me, OWN);
        long before = startOverApi("{\"endpointId\":" + endpoint + "}");
        finished(before);

        assertThat(post(admin, assist + "/judge-prompt", "judgePrompt", OWN, "reset", "true"))
                .hasStatus(302)
                .flash()
                .containsEntry("flashMessage", "assist.judgePrompt.reset");
        assertThat(jdbc.sql("SELECT judge_prompt FROM assist_settings WHERE project_id = ?")
                        .param(project.id())
                        .query(String.class)
                        .optional())
                .as("stored as the default, which follows later changes of it")
                .isEmpty();
        assertThat(get(assist).selectFirst("textarea#judgePrompt").val()).isEqualTo(JudgeRuns.defaultPrompt());

        long after = startOverApi("{\"endpointId\":" + endpoint + "}");
        assertThat(finished(after).prompt()).isEqualTo(JudgeRuns.defaultPrompt());
        assertThat(systemMessagesSent().getLast()).startsWith("You are an impartial judge");
        assertThat(judgeRuns.get(me, project.slug(), before).prompt()).isEqualTo(OWN);

        settings.setJudgePrompt(project.slug(), me, OWN);
        post(admin, assist + "/judge-prompt", "judgePrompt", "   ");
        assertThat(settings.judgePrompt(project.id()))
                .as("an empty field is the default too")
                .isEqualTo(JudgeRuns.defaultPrompt());
    }

    @Test
    void savingTheJudgePromptLeavesTheWritersModelHelpAndRoutingAsTheyAre() {
        post(admin, assist, "mode", "all", "critiquePrompt", "Look only for wrong numbers.");
        settings.setJudgeRouting(project.slug(), me, true);
        post(admin, assist + "/judge-prompt", "judgePrompt", OWN);
        WriterAssist writers = settings.forWriters(project.id());
        assertThat(writers.available()).isTrue();
        assertThat(writers.critiquePrompt()).isEqualTo("Look only for wrong numbers.");
        assertThat(settings.judgeRouting(project.id())).isTrue();

        post(admin, assist, "mode", "off", "critiquePrompt", "");
        assertThat(settings.judgePrompt(project.id()))
                .as("saving the writers' settings keeps the judge prompt")
                .isEqualTo(OWN);
    }

    @Test
    void aPromptTooLongComesBackNextToItsFieldWithTheTextKept() throws Exception {
        String tooLong = "x".repeat(20_001);
        MvcTestResult refused = post(admin, assist + "/judge-prompt", "judgePrompt", tooLong);
        assertThat(refused).hasStatus3xxRedirection().flash().containsKey("refusedInput");
        Document page = RefusedPages.follow(mvc, refused, assist, TestData.as(admin));
        assertThat(page.select("#judgePrompt-error").text())
                .isEqualTo("The judge prompt may be at most 20,000 characters long.");
        assertThat(page.selectFirst("textarea#judgePrompt").val()).isEqualTo(tooLong);
        assertThat(settings.judgePrompt(project.id())).isEqualTo(JudgeRuns.defaultPrompt());
    }

    @Test
    void onlySiteAdminsChangeIt() {
        UserView reviewer = data.user();
        data.member(project, reviewer, "REVIEWER");
        assertThat(post(reviewer, assist + "/judge-prompt", "judgePrompt", OWN)).hasStatus(403);
        assertThat(settings.judgePrompt(project.id())).isEqualTo(JudgeRuns.defaultPrompt());
    }
}
