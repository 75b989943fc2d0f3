package dev.feedloop.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The improvement loop as it runs: an application posts 20 failures over HTTP with its intake
 * token (a batch and single posts, some sent twice), two labelers fix them in the browser (one is
 * not a real failure), a reviewer approves the fixes but one, and the SFT, preference and
 * regression exports hold exactly the approved fixes, each tracing back to its trace id.
 */
@IntegrationTest
class ImprovementLoopEndToEndTests {

    static final int FAILURES = 20;

    @LocalServerPort
    int port;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestData data;

    @Autowired
    IntakeTokens intakeTokens;

    @Autowired
    ApiTokens apiTokens;

    final HttpClient http = HttpClient.newHttpClient();

    static String trace(int n) {
        return "trace-" + n;
    }

    static String failure(int n) {
        return """
                {"traceId": "%s", "model": "support-bot-v6", "rating": "down", "comment": "wrong order number",
                 "tags": ["orders"], "metadata": {"userId": "u-%d"},
                 "messages": [{"role": "user", "content": "Где мой заказ %d?"},
                              {"role": "assistant", "content": "Я не знаю, где заказ %d."}]}
                """.formatted(trace(n), n, n, n).replace("\n", " ");
    }

    HttpResponse<String> send(String path, String token, String contentType, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    List<JsonNode> export(String path, String token) throws Exception {
        String body = http.send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Authorization", "Bearer " + token)
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return body.isEmpty()
                ? List.of()
                : Arrays.stream(body.split("\n")).map(json::readTree).toList();
    }

    @Test
    void failuresPostedFromProductionAreFixedReviewedAndExportedWithTheirTraceIds() throws Exception {
        UserView admin = data.admin();
        String adminToken = apiTokens.create(admin.id(), "admin").token();
        TestProject project = data.project().demonstrations(0).rankings(0).create();
        UserView first = data.user();
        UserView second = data.user();
        UserView reviewer = data.user();
        data.member(project, first, "LABELER");
        data.member(project, second, "LABELER");
        data.member(project, reviewer, "REVIEWER");
        String intake = intakeTokens
                .create(project.slug(), "production", TestData.principal(admin))
                .token();
        String base = "/api/v1/projects/" + project.slug();

        // 12 in a batch (two of them twice in it), 8 one by one, then 5 retries of posts already made
        String batch = IntStream.rangeClosed(1, 12)
                        .mapToObj(ImprovementLoopEndToEndTests::failure)
                        .collect(Collectors.joining("\n"))
                + "\n" + failure(3) + "\n" + failure(7) + "\n";
        var batchAnswer = send(base + "/feedback/batch", intake, "application/x-ndjson", batch);
        assertThat(batchAnswer.statusCode()).as(batchAnswer.body()).isEqualTo(200);
        for (int n = 13; n <= FAILURES; n++) {
            assertThat(send(base + "/feedback", intake, "application/json", failure(n))
                            .statusCode())
                    .isEqualTo(HttpStatus.CREATED.value());
        }
        for (int n : new int[] {1, 5, 13, 19, 20}) {
            assertThat(send(base + "/feedback", intake, "application/json", failure(n))
                            .statusCode())
                    .as("a retry of " + trace(n) + " answers the same result and stores nothing")
                    .isEqualTo(HttpStatus.OK.value());
        }
        assertThat(jdbc.sql("SELECT count(*) FROM feedback").query(Long.class).single())
                .isEqualTo(FAILURES);
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE project_id = ? AND kind = 'WRITE'")
                        .param(project.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(FAILURES);

        // two labelers fix them in the browser, half each; the first says one was not a real failure
        // (the first closes the browser holding the lease of an eleventh task, which comes back to
        // them the next time, as a held lease does)
        List<String> dismissed = new ArrayList<>();
        assertThat(fixInTheBrowser(project, first, FAILURES / 2, dismissed)).isEqualTo(FAILURES / 2);
        assertThat(fixInTheBrowser(project, second, FAILURES, dismissed)).isEqualTo(FAILURES / 2 - 1);
        assertThat(fixInTheBrowser(project, first, FAILURES, dismissed)).isEqualTo(1);
        assertThat(dismissed).hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE project_id = ? AND state <> 'DONE'")
                        .param(project.id())
                        .query(Long.class)
                        .single())
                .isZero();

        // the reviewer approves every fix but one
        List<Long> fixes = jdbc.sql("SELECT id FROM demonstration WHERE project_id = ? ORDER BY id")
                .param(project.id())
                .query(Long.class)
                .list();
        assertThat(fixes)
                .as("fixes; without one: " + jdbc.sql("""
                                SELECT string_agg(f.trace_id || ' ' || coalesce(f.dismissed_reason, '-') || ' ' || t.state
                                    || ' ' || coalesce(t.assignee_id::text, '-'), '; ')
                                FROM feedback f JOIN task t ON t.item_id = f.item_id
                                WHERE NOT EXISTS (SELECT 1 FROM demonstration d WHERE d.item_id = f.item_id)
                                """).query(String.class).single())
                .hasSize(FAILURES - 1);
        long rejected = fixes.getFirst();
        for (long fix : fixes) {
            assertThat(mvc.post()
                            .uri(
                                    "/projects/{slug}/review/{id}/" + (fix == rejected ? "reject" : "approve"),
                                    project.slug(),
                                    fix)
                            .with(TestData.as(reviewer))
                            .with(csrf()))
                    .hasStatus(HttpStatus.FOUND);
        }
        String rejectedTrace = jdbc.sql(
                        "SELECT i.metadata ->> 'traceId' FROM demonstration d JOIN item i ON i.id = d.item_id WHERE d.id = ?")
                .param(rejected)
                .query(String.class)
                .single();
        Set<String> approved = new TreeSet<>();
        for (int n = 1; n <= FAILURES; n++) {
            approved.add(trace(n));
        }
        approved.remove(rejectedTrace);
        approved.removeAll(dismissed);
        assertThat(approved).hasSize(FAILURES - 2);

        // SFT: one line per approved fix, the conversation and the written reply
        List<JsonNode> sft = export(base + "/exports/sft?format=messages&testRatio=0", adminToken);
        assertThat(sft)
                .extracting(l -> l.get("metadata").get("external_id").asString())
                .containsExactlyInAnyOrderElementsOf(
                        approved.stream().map(t -> "fb-" + t).toList());
        for (JsonNode line : sft) {
            String n = line.get("metadata").get("external_id").asString().substring("fb-trace-".length());
            assertThat(line.get("messages")).hasSize(2);
            assertThat(line.get("messages").get(0).get("content").asString()).isEqualTo("Где мой заказ " + n + "?");
            assertThat(line.get("messages").get(1).get("content").asString()).isEqualTo(fixText(n));
        }

        // preferences: the fix over the bad reply, one pair per approved fix and nothing else
        List<JsonNode> pairs = export(base + "/exports/preferences?format=trl&testRatio=0", adminToken);
        assertThat(pairs).hasSize(approved.size());
        for (JsonNode pair : pairs) {
            String n = pair.get("metadata").get("external_id").asString().substring("fb-trace-".length());
            assertThat(pair.get("id").asString()).startsWith("fix-pair-");
            assertThat(pair.get("chosen").get(0).get("content").asString()).isEqualTo(fixText(n));
            assertThat(pair.get("rejected").get(0).get("content").asString())
                    .isEqualTo("Я не знаю, где заказ " + n + ".");
        }

        // the regression set: the prompts of the fixed failures, by trace id
        List<JsonNode> regression = export(base + "/exports/regression?testRatio=0", adminToken);
        assertThat(regression)
                .extracting(l -> l.get("metadata").get("trace_id").asString())
                .containsExactlyInAnyOrderElementsOf(approved);
        assertThat(regression).allSatisfy(l -> {
            assertThat(l.get("messages")).hasSize(1);
            assertThat(l.get("metadata").get("model").asString()).isEqualTo("support-bot-v6");
        });
    }

    static String fixText(String n) {
        return "Заказ " + n + " уже в пути: он покинул склад в понедельник и придёт к вам в четверг до обеда.";
    }

    /**
     * Signs {@code writer} in and fixes up to {@code count} tasks the way a person does: start from the
     * bad reply, replace the text, Ctrl+Enter; the first writer says the third reply was not a real
     * failure instead (its trace id goes to {@code dismissed}). Answers the tasks done.
     */
    int fixInTheBrowser(TestProject project, UserView writer, int count, List<String> dismissed) {
        try (Browser browser = Browser.open(port)) {
            browser.signIn(writer.username()).go("/projects/" + project.slug() + "/write");
            int done = 0;
            for (; done < count; done++) {
                if (browser.findAll("[data-write-form]").isEmpty()) {
                    // after "not a real failure" the page says so; the writer asks for the next task
                    browser.go("/projects/" + project.slug() + "/write");
                }
                browser.waitUntil(
                        d -> !browser.findAll("[data-write-form], .queue-empty").isEmpty());
                if (browser.findAll("[data-write-form]").isEmpty()) {
                    break;
                }
                try {
                    browser.waitUntil(d -> browser.findAll("[data-bad-reply]").size() == 1);
                } catch (RuntimeException e) {
                    browser.screenshot("loop-no-task");
                    throw new AssertionError(
                            writer.username() + " task " + done + ": "
                                    + browser.find("main").getText(),
                            e);
                }
                String bad = browser.find("[data-bad-reply] .candidate-body").getText();
                String n = bad.replaceAll("\\D", "");
                String taskId = browser.find("[data-write-form]").getDomAttribute("data-task-id");
                if (dismissed.isEmpty() && done == 2 && count > 2) {
                    browser.find("[data-fix-dismiss] summary").sendKeys(Keys.ENTER);
                    browser.waitUntil(d -> browser.find("[data-fix-reason]").isDisplayed());
                    browser.find("[data-fix-reason]").sendKeys("The user wanted a short answer.");
                    browser.find("[data-fix-dismiss-submit]").click();
                    dismissed.add(trace(Integer.parseInt(n)));
                } else {
                    browser.find("[data-fix-start]").sendKeys(Keys.ENTER);
                    browser.waitUntil(
                            d -> browser.find("#editor").getDomProperty("value").equals(bad));
                    browser.find("#editor").sendKeys(Keys.chord(Keys.CONTROL, "a"), fixText(n));
                    browser.find("#editor").sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
                }
                try {
                    browser.waitUntil(d -> Boolean.TRUE.equals(browser.script(
                            "return document.readyState === 'complete'"
                                    + " && (!document.querySelector('[data-write-form]')"
                                    + " || document.querySelector('[data-write-form]').dataset.taskId !== arguments[0]);",
                            taskId)));
                } catch (RuntimeException e) {
                    browser.screenshot("loop-stuck");
                    throw new AssertionError(
                            "after task " + taskId + " (" + done + "): "
                                    + browser.find("main").getText(),
                            e);
                }
            }
            assertThat(browser.consoleErrors()).isEmpty();
            return done;
        }
    }
}
