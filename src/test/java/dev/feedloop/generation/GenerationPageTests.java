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
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The generation page: the start form with its refusals and kept values, the list of runs with
 * progress, polling, cancel and retry, a run's failures, and admins only.
 */
@IntegrationTest
class GenerationPageTests {

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("page-gen-model");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MessageSource messages;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    GenerationRuns runs;

    UserView admin;
    TestProject project;
    String page;

    @BeforeEach
    void project() {
        admin = data.admin();
        project = data.project().demonstrations(0).rankings(1).create();
        page = "/projects/" + project.slug() + "/generation";
        for (int i = 0; i < 3; i++) {
            data.item(project, "q-" + i, 0, "a");
        }
    }

    long endpoint(String name, int concurrency) {
        return jdbc.sql("""
                        INSERT INTO model_endpoint (name, base_url, model, concurrency_limit, requests_per_minute)
                        VALUES (:name, :url, 'page-gen-model', :concurrency, 10000) RETURNING id
                        """)
                .param("name", name)
                .param("url", MODEL.baseUrl())
                .param("concurrency", concurrency)
                .query(Long.class)
                .single();
    }

    static Document html(MvcTestResult result) {
        assertThat(result).hasStatusOk();
        return Jsoup.parse(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
    }

    Document get(String uri) {
        return html(mvc.get().uri(uri).with(TestData.as(admin)).exchange());
    }

    RunView await(long runId, Predicate<RunView> condition) throws InterruptedException {
        AccountPrincipal me = TestData.principal(admin);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            RunView run = runs.get(me, project.slug(), runId);
            if (condition.test(run)) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " is still " + runs.get(me, project.slug(), runId));
    }

    /** Posts the start form with these name, value pairs. */
    MvcTestResult post(String... nameValues) {
        var request = mvc.post().uri(page).with(TestData.as(admin)).with(csrf());
        for (int i = 0; i < nameValues.length; i += 2) {
            request = request.param(nameValues[i], nameValues[i + 1]);
        }
        return request.exchange();
    }

    MvcTestResult postTo(String uri) {
        return mvc.post().uri(uri).with(TestData.as(admin)).with(csrf()).exchange();
    }

    Document refusedPage(String... nameValues) {
        return RefusedPages.follow(mvc, post(nameValues), page, TestData.as(admin));
    }

    RunView start(long endpoint) {
        return runs.start(
                TestData.principal(admin),
                project.slug(),
                new RunRequest(List.of(endpoint), RunRequest.RunItems.ALL, null, Map.of(), 1, null));
    }

    @Test
    void withoutEndpointsThePageSaysSoAndLinksToTheirPageInsteadOfAForm() {
        Document doc = get(page);
        assertThat(doc.select("#no-endpoints a[href=/admin/endpoints]")).hasSize(1);
        assertThat(doc.select("#run-form")).isEmpty();
        assertThat(doc.select("#runs").text()).contains("No runs yet");
        assertThat(doc.select("nav.tabs a.active").attr("href")).isEqualTo(page);
    }

    @Test
    void theFormOffersEveryEndpointWithItsModelAndTheItemChoices() {
        long vllm = endpoint("Local vLLM", 4);
        endpoint("Ollama", 2);
        Document doc = get(page);
        assertThat(doc.select("#no-endpoints")).isEmpty();
        Element form = doc.selectFirst("#run-form");
        assertThat(form).isNotNull();
        assertThat(form.attr("method")).isEqualTo("post");
        assertThat(form.select("input[name=_csrf]")).hasSize(1);
        assertThat(form.select("input[type=checkbox][name=endpointIds]")).hasSize(2);
        assertThat(form.select("label[for=endpoint-" + vllm + "]").text())
                .contains("Local vLLM")
                .contains("page-gen-model");
        assertThat(form.select("input[name=items][value=ALL]").hasAttr("checked"))
                .isTrue();
        assertThat(form.select("input[name=items][value=FEWER_THAN]")).hasSize(1);
        assertThat(form.select("#fewerThan, #metadata, #samples, #seed")).hasSize(4);
        assertThat(form.select("#samples").val()).isEqualTo("1");
        assertThat(doc.select("#run-form-box").hasAttr("open"))
                .as("open while there is no run")
                .isTrue();
    }

    @Test
    void theTimeLeftLeavesOutZeroMinutes() {
        Locale ru = Locale.forLanguageTag("ru");
        assertThat(messages.getMessage("generation.runs.etaValue", new Object[] {0L, 2L}, Locale.ENGLISH))
                .isEqualTo("2 s");
        assertThat(messages.getMessage("generation.runs.etaValue", new Object[] {3L, 5L}, Locale.ENGLISH))
                .isEqualTo("3 min 5 s");
        assertThat(messages.getMessage("generation.runs.etaValue", new Object[] {0L, 40L}, ru))
                .isEqualTo("40 с");
        assertThat(messages.getMessage("generation.runs.etaValue", new Object[] {1L, 0L}, ru))
                .isEqualTo("1 мин 0 с");
    }

    @Test
    void withOneEndpointBothFormsStartWithItChosenAndWithTwoWithNone() {
        long only = endpoint("Local vLLM", 4);
        Document one = get(page);
        assertThat(one.select("#run-form input[name=endpointIds][checked]").eachAttr("value"))
                .containsExactly(String.valueOf(only));
        assertThat(one.select("#judge-form input[name=endpointId][checked]").eachAttr("value"))
                .containsExactly(String.valueOf(only));

        endpoint("Ollama", 2);
        Document two = get(page);
        assertThat(two.select("#run-form input[name=endpointIds][checked]")).isEmpty();
        assertThat(two.select("#judge-form input[name=endpointId][checked]")).isEmpty();
    }

    @Test
    void startingARunShowsItAtTheTopOfTheListWithItsProgress() throws Exception {
        long endpoint = endpoint("Local vLLM", 4);
        MvcTestResult started = post(
                "endpointIds",
                String.valueOf(endpoint),
                "items",
                "ALL",
                "fewerThan",
                "2",
                "metadata",
                "",
                "samples",
                "2",
                "seed",
                "");
        assertThat(started).hasStatus(302).hasRedirectedUrl(page);
        long runId = jdbc.sql("SELECT id FROM generation_run").query(Long.class).single();
        assertThat(jdbc.sql("SELECT units_total FROM generation_run")
                        .query(Integer.class)
                        .single())
                .isEqualTo(6);
        await(runId, run -> !run.isRunning());
        long second = start(endpoint).id();
        await(second, run -> !run.isRunning());

        Document doc = get(page);
        List<String> rows = doc.select("#runs tbody tr").eachAttr("id");
        assertThat(rows).containsExactly("run-" + second, "run-" + runId);
        Element row = doc.selectFirst("#run-" + runId);
        assertThat(row.select(".run-state").text()).isEqualTo("done");
        assertThat(row.select(".run-counts").first().text()).isEqualTo("6 done, 0 failed, 0 remaining of 6");
        assertThat(row.select(".run-bar-done").attr("width")).isEqualTo("100");
        assertThat(row.text()).contains("Local vLLM").contains("72 / 6").contains(admin.displayName());
        assertThat(row.select(".run-eta-cell").text())
                .as("a finished run says when it ended, not a bare time under \"ETA\"")
                .matches("ended at \\d{2}:\\d{2}");
        assertThat(row.select("td[data-label]").eachAttr("data-label"))
                .as("each field is labelled for the phone's card layout")
                .contains("State", "Progress", "ETA");
        assertThat(row.select("form"))
                .as("no cancel nor retry for a run done without failures")
                .isEmpty();
        assertThat(row.select("a").attr("href")).isEqualTo(page + "/runs/" + runId);
        assertThat(doc.select("#run-form-box").hasAttr("open"))
                .as("the start form folded away once there are runs")
                .isFalse();
        assertThat(doc.select("#runs").hasAttr("hx-get"))
                .as("no polling when no run is running")
                .isFalse();
    }

    @Test
    void aRunningRunIsPolledEveryTwoSecondsAndCanBeCancelledWithConfirmation() throws Exception {
        MODEL.answer(ModelServer.answering("page-gen-model", "slow").withFixedDelay(1500));
        long endpoint = endpoint("Slow", 1);
        long runId = start(endpoint).id();

        Document doc = get(page);
        Element list = doc.selectFirst("#runs");
        assertThat(list.attr("hx-get")).isEqualTo(page + "/runs");
        assertThat(list.attr("hx-trigger")).isEqualTo("every 2s");
        Element cancel = doc.selectFirst("#run-" + runId + " form[action$=/cancel]");
        assertThat(cancel.attr("action")).isEqualTo(page + "/runs/" + runId + "/cancel");
        assertThat(cancel.attr("data-confirm")).contains("Cancel run " + runId);
        assertThat(doc.select("#run-" + runId + " .run-state").text()).isEqualTo("running");

        Document fragment =
                html(mvc.get().uri(page + "/runs").with(TestData.as(admin)).exchange());
        assertThat(fragment.select("body > #runs")).hasSize(1);
        assertThat(fragment.select("#run-form, nav.tabs")).as("the list alone").isEmpty();
        assertThat(fragment.selectFirst("#runs").attr("hx-trigger")).isEqualTo("every 2s");

        MvcTestResult cancelled = postTo(page + "/runs/" + runId + "/cancel");
        assertThat(cancelled).hasStatus(302).hasRedirectedUrl(page).flash().containsEntry("flashArg", runId);
        assertThat(runs.get(TestData.principal(admin), project.slug(), runId).status())
                .isEqualTo("CANCELLED");

        Document after =
                html(mvc.get().uri(page + "/runs").with(TestData.as(admin)).exchange());
        assertThat(after.selectFirst("#runs").hasAttr("hx-trigger"))
                .as("polling stops")
                .isFalse();
        assertThat(after.select("#run-" + runId + " .run-state").text()).isEqualTo("cancelled");
        assertThat(after.select("#run-" + runId + " form")).isEmpty();

        Document refused =
                RefusedPages.follow(mvc, postTo(page + "/runs/" + runId + "/cancel"), page, TestData.as(admin));
        assertThat(refused.select(".flash-error").text()).contains("Run " + runId + " is not running any more");
    }

    @Test
    void failedAnswersShowOnTheRunsPageAndRetryFailedSendsThemAgain() throws Exception {
        MODEL.answer(ModelServer.error(404));
        long endpoint = endpoint("Missing model", 2);
        long runId = start(endpoint).id();
        await(runId, run -> !run.isRunning());

        Document doc = get(page);
        Element row = doc.selectFirst("#run-" + runId);
        assertThat(row.select(".run-state").text()).isEqualTo("done, with failures");
        assertThat(row.select(".run-bar-failed").attr("width")).isEqualTo("100");
        assertThat(row.select("#retry-" + runId).text()).isEqualTo("Retry failed (3)");

        Document detail = get(page + "/runs/" + runId);
        assertThat(detail.select(".failures-table tbody tr")).hasSize(3);
        assertThat(detail.select(".failures-table tbody tr td:first-child").eachText())
                .containsExactlyInAnyOrder("q-0", "q-1", "q-2");
        Element failure = detail.selectFirst(".failures-table tbody tr");
        assertThat(failure.text()).contains("Missing model").contains("404");
        assertThat(failure.select("td").get(3).text()).isEqualTo("1");
        assertThat(failure.select("td").get(4).text()).isNotBlank();
        assertThat(detail.select("#retry-" + runId)).hasSize(1);

        MODEL.answers("page-gen-model");
        MvcTestResult retried = postTo(page + "/runs/" + runId + "/retry");
        assertThat(retried).hasStatus(302).hasRedirectedUrl(page);
        RunView done = await(runId, run -> !run.isRunning());
        assertThat(done.done()).isEqualTo(3);
        assertThat(get(page + "/runs/" + runId).select(".failures-table")).isEmpty();
    }

    @Test
    void aRefusedStartComesBackWithTheMessageAtTheFieldAndTheTypedValues() {
        long endpoint = endpoint("Local vLLM", 4);
        MvcTestResult refused = post(
                "endpointIds",
                String.valueOf(endpoint),
                "items",
                "FEWER_THAN",
                "fewerThan",
                "3",
                "metadata",
                "lang=en\ntopic=maths",
                "samples",
                "50",
                "seed",
                "7");
        Document doc = RefusedPages.follow(mvc, refused, page, TestData.as(admin));
        assertThat(doc.select("#samples-error").text()).contains("from 1 to 20");
        assertThat(doc.select("#samples").val()).isEqualTo("50");
        assertThat(doc.select("#seed").val()).isEqualTo("7");
        assertThat(doc.select("#fewerThan").val()).isEqualTo("3");
        assertThat(doc.select("#metadata").val()).isEqualTo("lang=en\ntopic=maths");
        assertThat(doc.select("#endpoint-" + endpoint).hasAttr("checked")).isTrue();
        assertThat(doc.select("#items-fewer").hasAttr("checked")).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM generation_run")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void noEndpointChosenABadMetadataLineAndNoMatchingItemAreShownAtTheirFields() {
        endpoint("Local vLLM", 4);
        Document none = refusedPage("items", "ALL", "samples", "2");
        assertThat(none.select("#endpointIds-error").text()).isEqualTo("Choose at least one endpoint.");
        assertThat(none.select("#samples").val()).isEqualTo("2");

        long endpoint =
                jdbc.sql("SELECT id FROM model_endpoint").query(Long.class).single();
        Document badLine = refusedPage("endpointIds", String.valueOf(endpoint), "metadata", "just words");
        assertThat(badLine.select("#metadata-error").text()).contains("key=value");
        assertThat(badLine.select("#metadata").val()).isEqualTo("just words");

        Document noItems = refusedPage("endpointIds", String.valueOf(endpoint), "metadata", "lang=xx");
        assertThat(noItems.select("#items-error").text()).contains("No item of the project matches");
    }

    @Test
    void aNumberThatIsNotANumberIsShownAtOnceWithTheOtherValues() {
        long endpoint = endpoint("Local vLLM", 4);
        Document doc = html(post("endpointIds", String.valueOf(endpoint), "samples", "two", "seed", "9"));
        assertThat(doc.select("#samples-error").text()).isEqualTo("Enter a whole number.");
        assertThat(doc.select("#seed").val()).isEqualTo("9");
        assertThat(doc.select("#endpoint-" + endpoint).hasAttr("checked")).isTrue();
    }

    @Test
    void thePageIsInRussianForARussianReader() {
        endpoint("Local vLLM", 4);
        Document doc = html(mvc.get()
                .uri(page)
                .with(TestData.as(admin))
                .locale(Locale.forLanguageTag("ru"))
                .header("Accept-Language", "ru")
                .exchange());
        assertThat(doc.select("#run-form-box summary").text()).isEqualTo("Новый запуск");
        assertThat(doc.select("nav.tabs a.active").text()).isEqualTo("Генерация");
    }

    @Test
    void onlySiteAdminsSeeTheTabAndUseThePage() throws Exception {
        long endpoint = endpoint("Local vLLM", 4);
        long runId = start(endpoint).id();
        await(runId, run -> !run.isRunning());
        UserView member = data.user();
        data.member(project, member, "LABELER", "ANNOTATOR", "REVIEWER");
        var as = TestData.as(member);
        for (String uri : List.of(page, page + "/runs", page + "/runs/" + runId)) {
            assertThat(mvc.get().uri(uri).with(as).exchange()).as(uri).hasStatus(403);
        }
        for (String uri : List.of(page, page + "/runs/" + runId + "/cancel", page + "/runs/" + runId + "/retry")) {
            assertThat(mvc.post()
                            .uri(uri)
                            .with(as)
                            .with(csrf())
                            .param("endpointIds", String.valueOf(endpoint))
                            .exchange())
                    .as(uri)
                    .hasStatus(403);
        }
        assertThat(jdbc.sql("SELECT count(*) FROM generation_run")
                        .query(Long.class)
                        .single())
                .isOne();
        String overview = "/projects/" + project.slug();
        assertThat(html(mvc.get().uri(overview).with(as).exchange()).select("a[href=" + page + "]"))
                .isEmpty();
        assertThat(get(overview).select("nav.tabs a[href=" + page + "]").text()).isEqualTo("Generation");
    }

    @Test
    void aRunOfAnotherProjectIsNotFoundHere() throws Exception {
        long endpoint = endpoint("Local vLLM", 4);
        TestProject other = data.project().demonstrations(0).rankings(1).create();
        data.item(other, "o-1", 0, "a");
        long foreign = runs.start(
                        TestData.principal(admin),
                        other.slug(),
                        new RunRequest(List.of(endpoint), RunRequest.RunItems.ALL, null, Map.of(), 1, null))
                .id();
        assertThat(mvc.get()
                        .uri(page + "/runs/" + foreign)
                        .with(TestData.as(admin))
                        .exchange())
                .hasStatus(404);
        assertThat(postTo(page + "/runs/" + foreign + "/cancel")).hasStatus(404);
    }
}
