package dev.feedloop.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Endpoint prices per 1,000 tokens (page form and API, 0 or more, empty for unknown) and the
 * estimated cost runs show from their token totals, or "—" when a price is unknown.
 */
@IntegrationTest
class RunCostTests {

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("cost-model");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    GenerationRuns runs;

    @Autowired
    JudgeRuns judgeRuns;

    UserView admin;
    AccountPrincipal me;
    TestProject project;

    @BeforeEach
    void project() {
        admin = data.admin();
        me = TestData.principal(admin);
        project = data.project().demonstrations(0).rankings(1).create();
        for (int i = 0; i < 4; i++) {
            data.item(project, "q-" + i, 0, "a");
        }
    }

    String basic() {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((admin.username() + ":" + TestData.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    MvcTestResult register(String name, String promptPrice, String completionPrice) {
        return mvc.post()
                .uri("/api/v1/endpoints")
                .header("Authorization", basic())
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"name":"%s","baseUrl":"%s","model":"cost-model","concurrencyLimit":4,"requestsPerMinute":10000,
                         "promptPricePer1k":%s,"completionPricePer1k":%s}
                        """.formatted(name, MODEL.baseUrl(), promptPrice, completionPrice))
                .exchange();
    }

    long id(String name) {
        return jdbc.sql("SELECT id FROM model_endpoint WHERE name = ?")
                .param(name)
                .query(Long.class)
                .single();
    }

    RunView finishedRun(long... endpoints) throws InterruptedException {
        long runId = runs.start(
                        me,
                        project.slug(),
                        new RunRequest(
                                java.util.Arrays.stream(endpoints).boxed().toList(),
                                RunRequest.RunItems.ALL,
                                null,
                                Map.of(),
                                1,
                                null))
                .id();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            RunView run = runs.get(me, project.slug(), runId);
            if (!run.isRunning()) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " did not finish");
    }

    Document page(String uri) {
        MvcTestResult result = mvc.get().uri(uri).with(TestData.as(admin)).exchange();
        assertThat(result).hasStatusOk();
        return Jsoup.parse(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void theApiStoresPricesAndShowsThemBackAndUnknownPricesAreNull() {
        MvcTestResult priced = register("Priced", "0.5", "1.25");
        assertThat(priced).hasStatus(201);
        assertThat(priced).bodyJson().extractingPath("$.promptPricePer1k").isEqualTo(0.5);
        assertThat(priced).bodyJson().extractingPath("$.completionPricePer1k").isEqualTo(1.25);
        MvcTestResult local = register("Local", "null", "0");
        assertThat(local).hasStatus(201);
        assertThat(local).bodyJson().extractingPath("$.promptPricePer1k").isNull();
        assertThat(local).bodyJson().extractingPath("$.completionPricePer1k").isEqualTo(0);
    }

    @Test
    void negativePricesAndTooManyDecimalsAreRefusedAtTheirField() {
        MvcTestResult negative = register("Negative", "-0.01", "1");
        assertThat(negative).hasStatus(400);
        assertThat(negative).bodyJson().extractingPath("$.errors[0].field").isEqualTo("promptPricePer1k");
        MvcTestResult fine = register("Fine", "1", "0.0000001");
        assertThat(fine).hasStatus(400);
        assertThat(fine).bodyJson().extractingPath("$.errors[0].field").isEqualTo("completionPricePer1k");
        assertThat(jdbc.sql("SELECT count(*) FROM model_endpoint")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void theEndpointFormSavesPricesLeavesEmptyOnesUnknownAndRefusesANegativeOne() {
        var form = mvc.post()
                .uri("/admin/endpoints")
                .with(TestData.as(admin))
                .with(csrf())
                .param("name", "Form endpoint")
                .param("baseUrl", MODEL.baseUrl())
                .param("model", "cost-model")
                .param("concurrencyLimit", "4")
                .param("requestsPerMinute", "60")
                .param("promptPricePer1k", "0.003")
                .param("completionPricePer1k", "");
        assertThat(form.exchange()).hasStatus(302);
        long id = id("Form endpoint");
        Document edit = page("/admin/endpoints/" + id);
        assertThat(new BigDecimal(edit.select("#promptPricePer1k").val())).isEqualByComparingTo("0.003");
        assertThat(edit.select("#completionPricePer1k").val()).isEmpty();
        assertThat(edit.select("label[for=promptPricePer1k]").text()).isEqualTo("Per 1,000 prompt tokens");

        MvcTestResult refused = mvc.post()
                .uri("/admin/endpoints")
                .with(TestData.as(admin))
                .with(csrf())
                .param("name", "Other")
                .param("baseUrl", MODEL.baseUrl())
                .param("model", "cost-model")
                .param("concurrencyLimit", "4")
                .param("requestsPerMinute", "60")
                .param("promptPricePer1k", "-1")
                .exchange();
        assertThat(refused).hasStatusOk();
        Document back = Jsoup.parse(new String(refused.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
        assertThat(back.select("#promptPricePer1k-error").text()).contains("0 or more");
    }

    @Test
    void aRunShowsItsTokensAtEachEndpointsPricesAndADashWhenAPriceIsUnknown() throws Exception {
        assertThat(register("Priced", "0.5", "2")).hasStatus(201);
        assertThat(register("Local", "null", "null")).hasStatus(201);
        // four items, one answer each: 4 × 12 prompt and 4 × 1 completion tokens
        RunView priced = finishedRun(id("Priced"));
        assertThat(priced.promptTokens()).isEqualTo(48);
        assertThat(priced.estimatedCost()).isEqualByComparingTo("0.032"); // 48 × 0.5 / 1000 + 4 × 2 / 1000
        RunView mixed = finishedRun(id("Priced"), id("Local"));
        assertThat(mixed.estimatedCost()).as("one endpoint has no price").isNull();

        String generation = "/projects/" + project.slug() + "/generation";
        Document list = page(generation);
        assertThat(list.select("#run-" + priced.id() + " .run-cost").text()).isEqualTo("≈ 0.032");
        assertThat(list.select("#run-" + mixed.id() + " .run-cost").text()).isEqualTo("—");
        assertThat(list.select("#run-" + mixed.id() + " .run-cost").attr("title"))
                .contains("no price");
        assertThat(page(generation + "/runs/" + priced.id()).select(".facts").text())
                .contains("≈ 0.032");

        jdbc.sql("UPDATE model_endpoint SET prompt_price_per_1k = 1, completion_price_per_1k = 0 WHERE name = 'Local'")
                .update();
        assertThat(runs.get(me, project.slug(), mixed.id()).estimatedCost())
                .as("Local had no price when the run started")
                .isNull();

        MvcTestResult api = mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/generation-runs/" + priced.id())
                .header("Authorization", basic())
                .exchange();
        assertThat(api).hasStatusOk();
        assertThat(api).bodyJson().extractingPath("$.run.estimatedCost").isEqualTo(0.032);
        assertThat(api).bodyJson().extractingPath("$.run.kind").isEqualTo("GENERATE");
    }

    @Test
    void aRunKeepsThePricesItStartedWithWhenTheEndpointsPricesChange() throws Exception {
        assertThat(register("Priced", "0.5", "2")).hasStatus(201);
        RunView before = finishedRun(id("Priced"));
        assertThat(before.estimatedCost()).isEqualByComparingTo("0.032");

        MvcTestResult changed = mvc.put()
                .uri("/api/v1/endpoints/" + id("Priced"))
                .header("Authorization", basic())
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"name":"Priced","baseUrl":"%s","model":"cost-model","concurrencyLimit":4,"requestsPerMinute":10000,
                         "promptPricePer1k":5,"completionPricePer1k":null}
                        """.formatted(MODEL.baseUrl()))
                .exchange();
        assertThat(changed).hasStatusOk();
        assertThat(changed).bodyJson().extractingPath("$.promptPricePer1k").isEqualTo(5);

        assertThat(runs.get(me, project.slug(), before.id()).estimatedCost())
                .as("the prices the run started with")
                .isEqualByComparingTo("0.032");
        assertThat(page("/projects/" + project.slug() + "/generation")
                        .select("#run-" + before.id() + " .run-cost")
                        .text())
                .isEqualTo("≈ 0.032");
        assertThat(finishedRun(id("Priced")).estimatedCost())
                .as("a run started after the change has no completion price")
                .isNull();

        jdbc.sql("UPDATE model_endpoint SET completion_price_per_1k = 1 WHERE name = 'Priced'")
                .update();
        assertThat(finishedRun(id("Priced")).estimatedCost())
                .as("48 × 5 / 1000 + 4 × 1 / 1000 at the new prices")
                .isEqualByComparingTo("0.244");
        assertThat(runs.get(me, project.slug(), before.id()).estimatedCost()).isEqualByComparingTo("0.032");
    }

    @Test
    void aJudgeRunKeepsItsEndpointsPricesAsItStarted() {
        assertThat(register("Judge", "0.25", "1.5")).hasStatus(201);
        data.item(project, "pair", 0, "a", "b");
        long runId = judgeRuns
                .start(me, project.slug(), new JudgeRunRequest(id("Judge"), null, false))
                .run()
                .id();
        jdbc.sql("UPDATE model_endpoint SET prompt_price_per_1k = NULL WHERE name = 'Judge'")
                .update();

        assertThat(jdbc.sql("""
                        SELECT prompt_price_per_1k || ' ' || completion_price_per_1k FROM generation_run_endpoint
                        WHERE run_id = ?
                        """).param(runId).query(String.class).single()).isEqualTo("0.250000 1.500000");
        assertThat(runs.getAnyKind(me, project.slug(), runId).estimatedCost())
                .as("priced as it started, though the endpoint has no prompt price now")
                .isNotNull();
    }
}
