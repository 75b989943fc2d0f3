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
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Judge runs on the generation page: the judge form with its default prompt, starting a run from
 * it, both kinds in one list, a judge run's page with its prompt and failures, retry, a refused
 * form, and admins only.
 */
@IntegrationTest
class JudgeRunPageTests {

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("page-judge-model");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JudgeRuns judgeRuns;

    @Autowired
    GenerationRuns runs;

    UserView admin;
    AccountPrincipal me;
    TestProject project;
    String page;

    @BeforeEach
    void project() {
        admin = data.admin();
        me = TestData.principal(admin);
        project = data.project().demonstrations(0).rankings(1).create();
        page = "/projects/" + project.slug() + "/generation";
    }

    long endpoint(String name) {
        return jdbc.sql("""
                        INSERT INTO model_endpoint (name, base_url, model, concurrency_limit, requests_per_minute)
                        VALUES (:name, :url, 'page-judge-model', 4, 10000) RETURNING id
                        """)
                .param("name", name)
                .param("url", MODEL.baseUrl())
                .query(Long.class)
                .single();
    }

    Document get(String uri) {
        MvcTestResult result = mvc.get().uri(uri).with(TestData.as(admin)).exchange();
        assertThat(result).hasStatusOk();
        return Jsoup.parse(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
    }

    MvcTestResult post(String uri, String... nameValues) {
        var request = mvc.post().uri(uri).with(TestData.as(admin)).with(csrf());
        for (int i = 0; i < nameValues.length; i += 2) {
            request = request.param(nameValues[i], nameValues[i + 1]);
        }
        return request.exchange();
    }

    RunView finished(long runId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            RunView run = runs.getAnyKind(me, project.slug(), runId);
            if (!run.isRunning()) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " did not finish");
    }

    @Test
    void theJudgeFormOffersEachEndpointOnceAndTheDefaultPromptToEditAndReset() {
        long judge = endpoint("Judge A");
        endpoint("Judge B");
        Document doc = get(page);
        Element form = doc.selectFirst("#judge-form");
        assertThat(form).isNotNull();
        assertThat(form.attr("action")).isEqualTo(page + "/judge-runs");
        assertThat(form.select("input[name=_csrf]")).hasSize(1);
        assertThat(form.select("input[type=radio][name=endpointId]")).hasSize(2);
        assertThat(form.select("label[for=judge-endpoint-" + judge + "]").text())
                .contains("Judge A");
        assertThat(form.select("#humanRankedOnly").hasAttr("checked"))
                .as("a project without human rankings: every item, or a first judge run would judge nothing")
                .isFalse();
        Element prompt = form.selectFirst("textarea#judge-prompt[name=prompt]");
        assertThat(prompt.val()).isEqualTo(JudgeRuns.defaultPrompt());
        assertThat(prompt.attr("data-default-text")).isEqualTo(JudgeRuns.defaultPrompt());
        assertThat(form.select("button[data-reset-target=#judge-prompt]").attr("type"))
                .isEqualTo("button");
        assertThat(doc.select("script[src=/js/generation.js]")).hasSize(1);
        assertThat(doc.select("#judge-form-box").hasAttr("open")).isFalse();
    }

    @Test
    void theJudgeFormStartsWithHumanRankedItemsOnlyOnceTheProjectHasAHumanRanking() {
        endpoint("Judge A");
        long item = data.item(project, "q-1", 0, "a", "b");
        long one = data.item(project, "q-2", 0, "a");
        data.ranking(one, data.user().id()).tiers(List.of("a")).insert();
        data.ranking(item, data.user().id()).noneAcceptable().insert();
        assertThat(get(page).select("#humanRankedOnly").hasAttr("checked"))
                .as("a ranking of an item with one candidate, and none acceptable, leave nothing to judge")
                .isFalse();

        data.ranking(item, data.user().id()).tiers(List.of("b"), List.of("a")).insert();
        assertThat(get(page).select("#humanRankedOnly").hasAttr("checked")).isTrue();

        MvcTestResult refused = post(page + "/judge-runs", "endpointId", "", "prompt", "Be strict.");
        assertThat(RefusedPages.follow(mvc, refused, page, TestData.as(admin))
                        .select("#humanRankedOnly")
                        .hasAttr("checked"))
                .as("a refused form shows what was sent: the box left unticked")
                .isFalse();
    }

    @Test
    void aJudgeRunStartedFromThePageIsListedAsJudgeBesideGenerationRunsAndShowsItsPrompt() throws Exception {
        long judge = endpoint("Judge A");
        data.item(project, "q-1", 0, "a", "b");
        data.item(project, "q-2", 0, "a", "b");
        MODEL.answer(
                ModelServer.answering("page-judge-model", "{\\\"ranking\\\": [[\\\"A\\\"], [\\\"B\\\", \\\"C\\\"]]}"));
        long generation = runs.start(
                        me,
                        project.slug(),
                        new RunRequest(List.of(judge), RunRequest.RunItems.ALL, null, Map.of(), 1, null))
                .id();
        finished(generation);

        MvcTestResult started =
                post(page + "/judge-runs", "endpointId", String.valueOf(judge), "prompt", "Prefer the shorter answer.");
        assertThat(started).hasStatus(302).hasRedirectedUrl(page);
        long runId = jdbc.sql("SELECT id FROM generation_run WHERE kind = 'JUDGE'")
                .query(Long.class)
                .single();
        RunView run = finished(runId);
        assertThat(run.done())
                .as("two items, two orders, all items as the box was unticked")
                .isEqualTo(4);

        Document doc = get(page);
        assertThat(doc.select("#runs tbody tr").eachAttr("id")).containsExactly("run-" + runId, "run-" + generation);
        assertThat(doc.select("#run-" + runId + " .run-kind").text()).isEqualTo("judge");
        assertThat(doc.select("#run-" + generation + " .run-kind").text()).isEqualTo("generate");
        assertThat(doc.select("#run-" + runId + " .run-counts").first().text())
                .isEqualTo("4 done, 0 failed, 0 remaining of 4");

        Document detail = get(page + "/runs/" + runId);
        assertThat(detail.select(".run-kind").text()).isEqualTo("judge");
        assertThat(detail.select("#judge-prompt-sent").text()).isEqualTo("Prefer the shorter answer.");
        assertThat(detail.select(".facts").text()).contains("All items with two candidates or more");
        assertThat(jdbc.sql("SELECT count(*) FROM machine_judgment WHERE run_id = :run")
                        .param("run", runId)
                        .query(Long.class)
                        .single())
                .isEqualTo(4);
    }

    @Test
    void aJudgeRunsPageListsItsFailuresByOrderAndThePageRetriesThem() throws Exception {
        long judge = endpoint("Judge A");
        data.item(project, "q-1", 0, "a", "b");
        MODEL.answer(ModelServer.answering("page-judge-model", "The first is better."));
        long runId = judgeRuns
                .start(me, project.slug(), new JudgeRunRequest(judge, null, false))
                .run()
                .id();
        finished(runId);

        Document detail = get(page + "/runs/" + runId);
        assertThat(detail.select(".failures-table tbody tr")).hasSize(2);
        assertThat(detail.select(".failures-table").text())
                .contains("unreadable-judgment")
                .contains("in order")
                .contains("reversed")
                .contains("q-1");
        assertThat(detail.select("#judge-prompt-sent").text())
                .isEqualTo(JudgeRuns.defaultPrompt().strip().replaceAll("\\s+", " "));

        MODEL.answer(ModelServer.answering("page-judge-model", "{\\\"ranking\\\": [[\\\"A\\\", \\\"B\\\"]]}"));
        assertThat(post(page + "/runs/" + runId + "/retry")).hasStatus(302).hasRedirectedUrl(page);
        RunView retried = finished(runId);
        assertThat(retried.done()).isEqualTo(2);
        assertThat(retried.failed()).isZero();
    }

    @Test
    void aRefusedJudgeFormComesBackOpenWithTheMessageAndTheTypedPrompt() {
        endpoint("Judge A");
        data.item(project, "q-1", 0, "a", "b");
        MvcTestResult refused = post(page + "/judge-runs", "prompt", "Be strict.", "humanRankedOnly", "true");
        Document doc = RefusedPages.follow(mvc, refused, page, TestData.as(admin));
        assertThat(doc.select("#judge-form-box").hasAttr("open")).isTrue();
        assertThat(doc.select("#judge-endpointId-error").text()).isEqualTo("Choose the endpoint that judges.");
        assertThat(doc.select("#judge-prompt").val()).isEqualTo("Be strict.");
        assertThat(doc.select("#humanRankedOnly").hasAttr("checked")).isTrue();
        assertThat(doc.select("#run-form-box").hasAttr("open"))
                .as("the generation form stays as it was")
                .isTrue();

        MvcTestResult noItems = post(
                page + "/judge-runs",
                "endpointId",
                String.valueOf(endpoint("Judge B")),
                "prompt",
                "",
                "humanRankedOnly",
                "true");
        Document again = RefusedPages.follow(mvc, noItems, page, TestData.as(admin));
        assertThat(again.select("#humanRankedOnly-error").text())
                .as("no item has a human ranking: the message says why and what to do")
                .isEqualTo("No item with two candidates has a human ranking yet, and only those were asked for."
                        + " Untick “Only items with human rankings” to judge every item with two candidates,"
                        + " or have people rank items first.");
        assertThat(jdbc.sql("SELECT count(*) FROM generation_run")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void onlyAdminsStartJudgeRuns() {
        long judge = endpoint("Judge A");
        data.item(project, "q-1", 0, "a", "b");
        UserView member = data.user();
        data.member(project, member, "LABELER", "ANNOTATOR", "REVIEWER");
        assertThat(mvc.post()
                        .uri(page + "/judge-runs")
                        .with(TestData.as(member))
                        .with(csrf())
                        .param("endpointId", String.valueOf(judge))
                        .exchange())
                .hasStatus(403);
        assertThat(jdbc.sql("SELECT count(*) FROM generation_run")
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
