package dev.feedloop.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How much of a demonstration was pasted and how much typed: sent by the write page and by API
 * clients, carried by the draft, stored with the demonstration and shown on the review page.
 */
@IntegrationTest
class PastedAndTypedCharactersTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestData data;

    @Autowired
    Demonstrations demonstrations;

    TestProject project;
    /** Writes on the page. */
    UserView labeler;
    /** Writes through the API. */
    Person client;

    UserView reviewer;

    @BeforeEach
    void setUp() {
        project = data.project().rankings(0).demonstrations(1).create();
        data.itemAsking(project, "First", "m", "answer one");
        data.itemAsking(project, "Second", "m", "answer two");
        client = data.peopleWithTokens(project, 1, "LABELER").get(0);
        labeler = data.user();
        data.member(project, labeler, "LABELER");
        reviewer = data.user();
        data.member(project, reviewer, "REVIEWER");
    }

    @Test
    void thePageSubmitStoresTheCountsAndTheReviewPageWarnsThatMostWasPasted() {
        long task = pageTask();

        assertThat(pageSubmit(task, "A long answer, mostly pasted.", "3500", "1204"))
                .hasStatus(HttpStatus.FOUND);

        DemonstrationView stored = demonstrationOf(task);
        assertThat(stored.input()).isEqualTo(new InputCounts(3500, 1204));
        assertThat(stored.input().pastedPercent()).isEqualTo(74);
        Element line = reviewLine("en");
        assertThat(line.text()).contains("typed 1,204 · pasted 3,500 characters (74 %)", "mostly pasted");
        assertThat(line.hasClass("is-mostly-pasted")).isTrue();
        assertThat(line.attr("title")).contains("Deleting does not subtract");
        assertThat(reviewLine("ru").text().replace('\u00a0', ' ').replace('\u202f', ' '))
                .contains("символов набрано 1 204 · вставлено 3 500 (74 %)", "в основном вставлено");
    }

    @Test
    void theApiSubmitStoresTheCountsAndAMostlyTypedAnswerIsShownWithoutTheWarning() {
        JsonNode task = apiTask();

        MvcTestResult submitted = apiSubmit(task, Map.of("pastedChars", 10, "typedChars", 990));

        assertThat(submitted).hasStatus(HttpStatus.CREATED);
        DemonstrationView stored =
                demonstrations.find(body(submitted).get("judgmentId").asLong()).orElseThrow();
        assertThat(stored.input()).isEqualTo(new InputCounts(10, 990));
        assertThat(stored.input().mostlyPasted()).isFalse();
        Element line = reviewLine("en");
        assertThat(line.text()).isEqualTo("typed 990 · pasted 10 characters (1 %)");
        assertThat(line.hasClass("is-mostly-pasted")).isFalse();
    }

    @Test
    void aDemonstrationSubmittedWithoutCountsHasNoneAndTheReviewPageShowsNoLine() {
        MvcTestResult submitted = apiSubmit(apiTask(), Map.of());

        assertThat(submitted).hasStatus(HttpStatus.CREATED);
        assertThat(demonstrations
                        .find(body(submitted).get("judgmentId").asLong())
                        .orElseThrow()
                        .input())
                .isEqualTo(InputCounts.NONE);
        Document page = reviewPage("en");
        assertThat(page.select("[data-review-approve]")).isNotEmpty();
        assertThat(page.select("[data-review-input]")).isEmpty();
    }

    @Test
    void thePageDraftCarriesTheCountsToTheNextPageAndARefusedSubmitKeepsThem() {
        long task = pageTask();

        JsonNode saved = body(pageDraft(task, "Half an answer", "0", Map.of("pastedChars", "20", "typedChars", "100")));
        assertThat(saved.get("pastedChars").asInt()).isEqualTo(20);
        assertThat(saved.get("typedChars").asInt()).isEqualTo(100);
        Element form = writePage().selectFirst("[data-write-form]");
        assertThat(form.attr("data-pasted-chars")).isEqualTo("20");
        assertThat(form.attr("data-typed-chars")).isEqualTo("100");

        JsonNode uncounted = body(pageDraft(task, "Half an answer, and more", "1", Map.of()));
        assertThat(uncounted.get("version").asLong()).isEqualTo(2);
        assertThat(uncounted.get("pastedChars").asInt())
                .as("a save without counts keeps the stored ones")
                .isEqualTo(20);
        assertThat(uncounted.get("typedChars").asInt()).isEqualTo(100);

        assertThat(pageSubmit(task, "   ", "30", "110")).hasStatus(HttpStatus.FOUND);
        assertThat(jdbc.sql("SELECT pasted_chars || '/' || typed_chars FROM draft WHERE task_id = ?")
                        .param(task)
                        .query(String.class)
                        .single())
                .as("the refused (blank) submit was kept as the draft with its counts")
                .isEqualTo("30/110");
        assertThat(demonstrations.ofItem(itemOf(task))).isEmpty();
    }

    @Test
    void theDraftApiCarriesTheCountsAndTheSubmitSendsTheTotals() {
        JsonNode task = apiTask();

        JsonNode saved = body(apiDraft(task, Map.of("pastedChars", 5, "typedChars", 7)));
        assertThat(saved.get("pastedChars").asInt()).isEqualTo(5);
        assertThat(saved.get("typedChars").asInt()).isEqualTo(7);
        JsonNode read = body(mvc.get()
                .uri("/api/v1/tasks/{id}/draft?leaseToken={token}", taskId(task), leaseToken(task))
                .header("Authorization", "Bearer " + client.token())
                .exchange());
        assertThat(read.get("pastedChars").asInt()).isEqualTo(5);
        assertThat(read.get("typedChars").asInt()).isEqualTo(7);

        MvcTestResult submitted = apiSubmit(task, Map.of("pastedChars", 5, "typedChars", 40));
        assertThat(demonstrations
                        .find(body(submitted).get("judgmentId").asLong())
                        .orElseThrow()
                        .input())
                .isEqualTo(new InputCounts(5, 40));
    }

    @Test
    void countsThatAreNotWholeNumbersOfZeroOrMoreAreRefusedAndNothingIsStored() {
        JsonNode task = apiTask();

        assertRefused(apiSubmit(task, Map.of("pastedChars", -1)), "pastedChars");
        assertRefused(apiSubmit(task, Map.of("typedChars", "12")), "typedChars");
        assertRefused(apiSubmit(task, Map.of("typedChars", 1.5)), "typedChars");
        assertRefused(apiSubmit(task, Map.of("pastedChars", 30_000_000_000L)), "pastedChars");
        assertRefused(apiDraft(task, Map.of("typedChars", -3)), "typedChars");
        assertThat(jdbc.sql("SELECT count(*) FROM demonstration")
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM draft").query(Integer.class).single())
                .isZero();

        long pageTask = pageTask();
        assertThat(pageDraft(pageTask, "Some text", "0", Map.of("pastedChars", "-5")))
                .hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(jdbc.sql("SELECT count(*) FROM draft").query(Integer.class).single())
                .isZero();

        assertThat(apiSubmit(task, Map.of("pastedChars", 0, "typedChars", 0))).hasStatus(HttpStatus.CREATED);
    }

    private static void assertRefused(MvcTestResult result, String field) {
        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo(field);
    }

    private MvcTestResult pageSubmit(long task, String content, String pasted, String typed) {
        return asLabeler(
                "/projects/{slug}/write/{id}",
                task,
                Map.of(
                        "content", content,
                        "activeSeconds", "30",
                        "draftVersion", String.valueOf(draftVersion(task)),
                        "pastedChars", pasted,
                        "typedChars", typed));
    }

    private MvcTestResult pageDraft(long task, String content, String version, Map<String, String> counts) {
        Map<String, String> params = new HashMap<>(counts);
        params.put("content", content);
        params.put("version", version);
        return asLabeler("/projects/{slug}/write/{id}/draft", task, params);
    }

    /** A form post of the write page under the labeler's lease on {@code task}. */
    private MvcTestResult asLabeler(String uri, long task, Map<String, String> params) {
        var request = mvc.post()
                .uri(uri, project.slug(), task)
                .with(TestData.as(labeler))
                .with(csrf())
                .param("leaseToken", token(task));
        params.forEach(request::param);
        return request.exchange();
    }

    private MvcTestResult apiSubmit(JsonNode task, Map<String, Object> counts) {
        Map<String, Object> body = new HashMap<>(counts);
        body.put("content", "Use `xs[::-1]` for a reversed copy.");
        return asClient(HttpMethod.POST, "/api/v1/tasks/{id}/submit", task, body);
    }

    private MvcTestResult apiDraft(JsonNode task, Map<String, Object> counts) {
        Map<String, Object> body = new HashMap<>(counts);
        body.put("content", "Use `xs[::-1]`");
        body.put("version", 0);
        return asClient(HttpMethod.PUT, "/api/v1/tasks/{id}/draft", task, body);
    }

    /** A JSON request of the API client under its lease on {@code task}. */
    private MvcTestResult asClient(HttpMethod method, String uri, JsonNode task, Map<String, Object> body) {
        body.put("leaseToken", leaseToken(task));
        return mvc.method(method)
                .uri(uri, taskId(task))
                .header("Authorization", "Bearer " + client.token())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body))
                .exchange();
    }

    private JsonNode apiTask() {
        return body(mvc.post()
                .uri("/api/v1/projects/" + project.slug() + "/tasks/next?kind=write")
                .header("Authorization", "Bearer " + client.token())
                .exchange());
    }

    private static long taskId(JsonNode task) {
        return task.get("taskId").asLong();
    }

    private static String leaseToken(JsonNode task) {
        return task.get("leaseToken").asString();
    }

    /** The labeler's write task, leased by opening the write page. */
    private long pageTask() {
        writePage();
        return jdbc.sql("SELECT id FROM task WHERE assignee_id = ? AND state = 'LEASED'")
                .param(labeler.id())
                .query(Long.class)
                .single();
    }

    /** One column of the task's row. */
    private <T> T ofTask(long task, String column, Class<T> type) {
        return jdbc.sql("SELECT " + column + " FROM task WHERE id = ?")
                .param(task)
                .query(type)
                .single();
    }

    private Document writePage() {
        return html(mvc.get()
                .uri("/projects/{slug}/write", project.slug())
                .with(TestData.as(labeler))
                .exchange());
    }

    private String token(long task) {
        return ofTask(task, "lease_token::text", String.class);
    }

    private long draftVersion(long task) {
        return jdbc.sql("SELECT max(version) FROM draft WHERE task_id = ?")
                .param(task)
                .query((rs, n) -> rs.getLong(1))
                .single();
    }

    private long itemOf(long task) {
        return ofTask(task, "item_id", Long.class);
    }

    private DemonstrationView demonstrationOf(long task) {
        return demonstrations.ofItem(itemOf(task)).getFirst();
    }

    private Element reviewLine(String language) {
        Element line = reviewPage(language).selectFirst("[data-review-input]");
        assertThat(line).as("the pasted and typed line on the review page").isNotNull();
        return line;
    }

    private Document reviewPage(String language) {
        return html(mvc.get()
                .uri("/projects/{slug}/review", project.slug())
                .with(TestData.as(reviewer))
                .header("Accept-Language", language)
                .exchange());
    }

    private static Document html(MvcTestResult result) {
        assertThat(result).hasStatusOk();
        return Jsoup.parse(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
    }

    private JsonNode body(MvcTestResult result) {
        try {
            return json.readTree(result.getResponse().getContentAsString());
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
