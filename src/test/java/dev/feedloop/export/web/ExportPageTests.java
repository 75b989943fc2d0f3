package dev.feedloop.export.web;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.RefusedPages;
import dev.feedloop.testsupport.TestData;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.json.JsonMapper;

@IntegrationTest
class ExportPageTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MockMvc mockMvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    DataSource dataSource;

    @Autowired
    TestData data;

    UserView admin;

    @BeforeEach
    void scenario() {
        admin = data.admin();
        long project = data.project().slug("page-demo").create().id();
        long annotator = data.user().id();
        long item = data.storedItem(project, "q-1", List.of(message("user", "Вопрос <b>жирный</b>")));
        data.candidate(item, "a", "m1", "<script>alert(1)</script>");
        data.candidate(item, "b", "m2", "Ответ B");
        data.ranking(item, annotator).tiers(List.of("a"), List.of("b")).insert();
    }

    @Test
    void pageShowsTheFormAndTheSnapshotList() throws Exception {
        var result = mvc.get()
                .uri("/projects/page-demo/export")
                .with(TestData.as(admin))
                .exchange();

        assertThat(result).hasStatusOk();
        Document page = Jsoup.parse(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(page.select("#export-form select[name=format] option"))
                .extracting(e -> e.attr("value"))
                .containsExactly(
                        "messages",
                        "prompt-completion",
                        "trl",
                        "openai-dpo",
                        "rankings",
                        "kto",
                        "llama-factory",
                        "llama-factory-kto",
                        "regression");
        assertThat(page.select("#export-form select[name=format] option[selected]")
                        .attr("value"))
                .isEqualTo("trl");
        assertThat(page.select("#export-form").attr("hx-get")).isEqualTo("/projects/page-demo/export/preview");
        assertThat(page.select("#export-form").attr("hx-sync")).isEqualTo("this:replace");
        assertThat(page.select("#snapshots")).hasSize(1);
    }

    @Test
    void previewFragmentShowsTheFirstLinesAndACurlLineAndAsksForTheCountsAfterwards() throws Exception {
        var result = mvc.get()
                .uri("/projects/page-demo/export/preview?format=trl&aggregation=raw&split=all&testRatio=0&seed=s")
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .exchange();

        assertThat(result).hasStatusOk();
        String html = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        Document fragment = Jsoup.parseBodyFragment(html);
        assertThat(fragment.select("html > body > section")).isEmpty();
        assertThat(fragment.select("pre.export-line")).hasSize(1);
        assertThat(fragment.select("pre.export-line").text()).contains("<script>alert(1)</script>");
        assertThat(html).doesNotContain("<script>alert(1)</script>");
        assertThat(fragment.select("#export-curl").text())
                .startsWith(
                        "curl -H \"Authorization: Bearer $FEEDLOOP_TOKEN\" --compressed -o page-demo-preferences-trl.jsonl")
                .contains("/api/v1/projects/page-demo/exports/preferences?format=trl&aggregation=raw");
        assertThat(fragment.select(".export-total")).as("not counted yet").isEmpty();
        var counts = fragment.select("#export-counts");
        assertThat(counts.select(".export-counting").text()).isEqualTo("Counting lines…");
        assertThat(counts.attr("hx-trigger")).isEqualTo("load");
        assertThat(counts.attr("hx-swap")).isEqualTo("outerHTML");
        assertThat(counts.attr("hx-sync")).as("a changed form cancels it").isEqualTo("#export-form:replace");
        assertThat(counts.attr("hx-get"))
                .startsWith("/projects/page-demo/export/counts?format=trl&aggregation=raw")
                .contains("&seed=s");
    }

    @Test
    void countsFragmentGivesTheLinesPerSplit() throws Exception {
        long project = jdbc.sql("SELECT id FROM project WHERE slug = 'page-demo'")
                .query(Long.class)
                .single();
        long annotator = data.user().id();
        for (int i = 2; i <= 4; i++) {
            long item = data.storedItem(project, "q-" + i, List.of(message("user", "Q" + i)));
            data.candidate(item, "a", "m1", "A" + i);
            data.candidate(item, "b", "m2", "B" + i);
            data.candidate(item, "c", "m3", "C" + i);
            data.ranking(item, annotator)
                    .tiers(List.of("a"), List.of("b"), List.of("c"))
                    .insert();
        }
        String preview = "/projects/page-demo/export/preview?format=trl&aggregation=raw&split=all&testRatio=0.5&seed=s";
        String countsUrl = html(preview, "en", true).select("#export-counts").attr("hx-get");

        Document counts = html(countsUrl, "en", true);

        assertThat(counts.select("html > body > section")).isEmpty();
        assertThat(counts.select("#export-counts")).hasSize(1);
        assertThat(counts.select("#export-counts").attr("hx-trigger"))
                .as("asked once")
                .isEmpty();
        assertThat(counts.select(".export-total").text()).isEqualTo("10");
        var splits = counts.select("#export-counts dd");
        assertThat(Long.parseLong(splits.get(1).text())
                        + Long.parseLong(splits.get(2).text()))
                .isEqualTo(10);
        assertThat(counts.select("#export-counts dt"))
                .extracting(e -> e.text())
                .containsExactly("Lines", "Train", "Test");
        assertThat(html(countsUrl, "ru", true)
                        .select("#export-counts dt")
                        .first()
                        .text())
                .isEqualTo("Строк");
    }

    @Test
    void aNewerCountOfTheSamePersonCancelsTheOneStillRunning() throws Exception {
        String counts = "/projects/page-demo/export/counts?format=trl&testRatio=0&seed=s";
        try (Connection lock = dataSource.getConnection();
                ExecutorService browsers = Executors.newFixedThreadPool(2)) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLE ranking IN ACCESS EXCLUSIVE MODE");
            }
            CompletableFuture<Document> older = CompletableFuture.supplyAsync(() -> countsFragment(counts), browsers);
            awaitRunningCounts(1);
            CompletableFuture<Document> newer = CompletableFuture.supplyAsync(() -> countsFragment(counts), browsers);

            Document cancelled = older.get(10, TimeUnit.SECONDS);
            assertThat(cancelled.select(".export-too-slow")).hasSize(1);
            assertThat(cancelled.select(".export-total")).isEmpty();
            awaitRunningCounts(1);
            assertThat(newer).isNotDone();
            lock.rollback();
            assertThat(newer.get(10, TimeUnit.SECONDS).select(".export-total").text())
                    .isEqualTo("1");
        }
        awaitRunningCounts(0);
    }

    private Document countsFragment(String uri) {
        try {
            return html(uri, "en", true);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until {@code running} counts of the export page run in PostgreSQL. */
    private void awaitRunningCounts(long running) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long now;
        while ((now = jdbc.sql("""
                                SELECT count(*) FROM pg_stat_activity
                                WHERE application_name LIKE 'feedloop-export-count-%' AND state = 'active'
                                """).query(Long.class).single()) != running) {
            assertThat(System.nanoTime())
                    .as("%d counts running, not %d", now, running)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void refusedCountsShowTheMessageInTheirPlace() throws Exception {
        var result = mvc.get()
                .uri("/projects/page-demo/export/counts?format=trl&testRatio=2")
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .exchange();

        Document message = RefusedPages.htmxMessage(result, "#export-counts");
        assertThat(message.select(".flash-error > span").text()).isEqualTo("The test share is a number from 0 to 1.");
    }

    @Test
    void marginAndAssistantWeightsAreOfferedInBothLanguagesAndGoIntoTheCurlLine() throws Exception {
        Document page = html("/projects/page-demo/export", "en", false);
        assertThat(page.select("#export-form select#export-margin[name=margin] option"))
                .extracting(e -> e.attr("value") + "=" + e.text())
                .containsExactly("include=On every line", "omit=Leave out");
        assertThat(page.select("#export-margin option[selected]").attr("value")).isEqualTo("include");
        assertThat(page.select("#export-margin").attr("aria-describedby")).isEqualTo("export-margin-help");
        assertThat(page.select("#export-margin-help").text()).contains("0.0");
        assertThat(page.select("#export-form select#export-weights[name=weights] option"))
                .extracting(e -> e.attr("value"))
                .containsExactly("none", "last");
        Document russian = html("/projects/page-demo/export?weights=last", "ru", false);
        assertThat(russian.select("#export-weights option"))
                .extracting(e -> e.text())
                .containsExactly("Без весов", "Обучать только на последнем ответе");
        assertThat(russian.select("#export-weights option[selected]").attr("value"))
                .isEqualTo("last");

        Document fragment = html("/projects/page-demo/export/preview?format=trl&margin=omit", "en", true);
        assertThat(fragment.select("#export-curl").text()).contains("&margin=omit");
        assertThat(fragment.select("pre.export-line").text()).doesNotContain("\"margin\"");
    }

    /** The page (or with {@code htmx} its fragment) at {@code uri} in {@code language}, as the admin sees it. */
    Document html(String uri, String language, boolean htmx) throws Exception {
        var request = mvc.get().uri(uri).header("Accept-Language", language).with(TestData.as(admin));
        if (htmx) {
            request = request.header("HX-Request", "true");
        }
        return Jsoup.parse(request.exchange().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void invalidSettingsShowAMessageInThePreview() throws Exception {
        var result = mvc.get()
                .uri("/projects/page-demo/export/preview?format=trl&testRatio=2")
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .exchange();

        Document message = RefusedPages.htmxMessage(result, "#export-preview");
        assertThat(message.select(".flash-error > span").text()).isEqualTo("The test share is a number from 0 to 1.");
    }

    @Test
    void aRefusedSnapshotShowsWhyAboveTheListAndFreezesNothing() throws Exception {
        var refused = mvc.post()
                .uri("/projects/page-demo/export/snapshots")
                .param("format", "trl")
                .param("testRatio", "2")
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .with(csrf())
                .exchange();

        Document message = RefusedPages.htmxMessage(refused, "#snapshot-message");
        assertThat(message.select(".flash-error > span").text()).isEqualTo("The test share is a number from 0 to 1.");
        assertThat(jdbc.sql("SELECT count(*) FROM snapshot").query(Long.class).single())
                .isZero();
        Document page = Jsoup.parse(mvc.get()
                .uri("/projects/page-demo/export")
                .with(TestData.as(admin))
                .exchange()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(page.select("#snapshots #snapshot-message")).hasSize(1);
    }

    @Test
    void aRefusedSnapshotWithoutHtmxGoesBackToTheExportPageWithTheMessage() {
        var refused = mvc.post()
                .uri("/projects/page-demo/export/snapshots")
                .param("format", "trl")
                .param("testRatio", "2")
                .with(TestData.as(admin))
                .with(csrf())
                .exchange();

        Document page = RefusedPages.follow(mvc, refused, "/projects/page-demo/export", TestData.as(admin));
        assertThat(page.select(".flashes .flash-error > span").text())
                .isEqualTo("The test share is a number from 0 to 1.");
    }

    @Test
    void snapshotFromThePageAppearsInTheListAndDownloads() throws Exception {
        var created = mvc.post()
                .uri("/projects/page-demo/export/snapshots")
                .param("format", "trl")
                .param("testRatio", "0")
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .with(csrf())
                .exchange();

        assertThat(created).hasStatusOk();
        Document jobStarted = Jsoup.parseBodyFragment(created.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(jobStarted.select("#snapshot-message .flash-ok").text()).startsWith("Snapshot job ");
        data.awaitSnapshotJobs();
        var list = mvc.get()
                .uri("/projects/page-demo/export/snapshots")
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .exchange();
        Document fragment = Jsoup.parseBodyFragment(list.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(fragment.select("#snapshots").attr("hx-trigger"))
                .as("no polling once done")
                .isEmpty();
        var link = fragment.select("#snapshots a[href$=train.jsonl]");
        assertThat(link).hasSize(1);
        assertThat(fragment.select("#snapshots .curl-line code").first().text())
                .contains("/api/v1/snapshots/")
                .startsWith("curl -H \"Authorization: Bearer $FEEDLOOP_TOKEN\"");

        MvcResult started = mockMvc.perform(
                        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get(link.attr("href"))
                                .with(TestData.as(admin)))
                .andReturn();
        MvcResult download = mockMvc.perform(
                        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch(started))
                .andReturn();
        assertThat(download.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .startsWith("{\"id\": \"pair-");
    }

    @Test
    void membersWhoAreNotAdministratorsAreRefused() {
        var result = mvc.get()
                .uri("/projects/page-demo/export")
                .with(TestData.as(data.user()))
                .exchange();

        assertThat(result).hasStatus(404);
    }
}
