package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import dev.feedloop.workqueue.ClaimedTask;
import dev.feedloop.workqueue.RankSubmits;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adjudication end to end: rankings that still disagree after the extra ranking put the item in
 * the queue, a reviewer decides it, majority exports take the decision and mark it, and the item
 * leaves the queue; a second decision on a stale version is refused.
 */
@IntegrationTest
class AdjudicationTests {

    static final List<String> ABC = List.of("a", "b", "c");
    static final List<String> CBA = List.of("c", "b", "a");
    static final List<String> BAC = List.of("b", "a", "c");

    @Autowired
    WorkQueue queue;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    @Autowired
    ApiTokens tokens;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    TestProject project;
    UserView admin;
    UserView reviewer;
    UserView annotator;
    List<Person> people;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        project = data.project()
                .demonstrations(0)
                .rankings(2)
                .set("agreement_threshold", 60)
                .set("max_extra_rankings", 1)
                .create();
        reviewer = data.user();
        data.member(project, reviewer, "REVIEWER");
        annotator = data.user();
        data.member(project, annotator, "ANNOTATOR");
        people = data.people(project, 3, "ANNOTATOR");
        data.item(project, "q1", 0, "a", "b", "c");
        data.item(project, "q2", 0, "a", "b", "c");
    }

    /** q1: a > b > c, c > b > a, then the extra slot's b > a > c (3 of 9 comparisons agree); q2 agrees. */
    void rankBoth() {
        rank(people.get(0), ABC, ABC);
        rank(people.get(1), CBA, ABC);
        ClaimedTask extra = queue.next(
                        project.slug(), TaskKind.RANK, people.get(2).principal())
                .orElseThrow();
        assertThat(extra.item().externalId()).isEqualTo("q1");
        queue.submit(extra.taskId(), people.get(2).principal(), RankSubmits.inOrder(json, extra, BAC));
        assertThat(queue.next(project.slug(), TaskKind.RANK, people.get(2).principal()))
                .as("q2 agrees: no extra slot")
                .isEmpty();
    }

    /** The person ranks q1 in order {@code first} and q2 in order {@code second}. */
    void rank(Person person, List<String> first, List<String> second) {
        for (int i = 0; i < 2; i++) {
            ClaimedTask task = queue.next(project.slug(), TaskKind.RANK, person.principal())
                    .orElseThrow();
            List<String> order = task.item().externalId().equals("q1") ? first : second;
            queue.submit(task.taskId(), person.principal(), RankSubmits.inOrder(json, task, order));
        }
    }

    MvcTestResult list(UserView user, String state) {
        return mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/adjudications?state=" + state)
                .with(TestData.as(user))
                .exchange();
    }

    MvcTestResult decide(UserView user, String body) {
        return mvc.put()
                .uri("/api/v1/projects/" + project.slug() + "/items/q1/adjudication")
                .with(TestData.as(user))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .exchange();
    }

    List<JsonNode> export(String query) throws Exception {
        String token = tokens.create(admin.id(), "export").token();
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/projects/"
                        + project.slug() + "/exports/preferences?split=all&" + query))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    static List<JsonNode> of(List<JsonNode> lines, String externalId) {
        return lines.stream()
                .filter(l -> l.get("metadata").get("external_id").asString().equals(externalId))
                .toList();
    }

    static String pair(JsonNode line) {
        return line.get("metadata").get("chosen_id").asString() + ">"
                + line.get("metadata").get("rejected_id").asString();
    }

    @Test
    void aDisagreeingItemIsDecidedByAReviewerAndTheMajorityExportTakesTheDecision() throws Exception {
        rankBoth();
        var needed = list(reviewer, "needed");
        assertThat(needed).hasStatusOk();
        assertThat(needed).bodyJson().extractingPath("$.items.length()").isEqualTo(1);
        assertThat(needed).bodyJson().extractingPath("$.items[0].externalId").isEqualTo("q1");
        assertThat(needed).bodyJson().extractingPath("$.items[0].rankings").isEqualTo(3);
        assertThat(needed).bodyJson().extractingPath("$.items[0].agreement").isEqualTo(0.3333333333333333);

        List<JsonNode> before = of(export("format=trl&aggregation=majority"), "q1");
        assertThat(before.stream().map(AdjudicationTests::pair))
                .as("each pair has 2 of 3 votes")
                .containsExactlyInAnyOrder("b>a", "b>c", "a>c");

        var decided = decide(reviewer, """
                {"tiers": [["c"], ["a"], ["b"]], "note": "only c answers the question", "version": 0}
                """);
        assertThat(decided).hasStatusOk();
        assertThat(decided).bodyJson().extractingPath("$.version").isEqualTo(1);
        assertThat(decided).bodyJson().extractingPath("$.decidedBy").isEqualTo(reviewer.username());
        assertThat(list(reviewer, "needed"))
                .bodyJson()
                .extractingPath("$.items.length()")
                .isEqualTo(0);
        assertThat(list(reviewer, "decided"))
                .bodyJson()
                .extractingPath("$.items[0].decision.note")
                .isEqualTo("only c answers the question");

        List<JsonNode> majority = export("format=trl&aggregation=majority");
        List<JsonNode> q1 = of(majority, "q1");
        assertThat(q1.stream().map(AdjudicationTests::pair)).containsExactlyInAnyOrder("c>a", "c>b", "a>b");
        assertThat(q1).allSatisfy(line -> {
            assertThat(line.get("metadata").get("adjudicated").asBoolean()).isTrue();
            assertThat(line.get("metadata").get("decided_by").asString())
                    .isEqualTo(line.get("metadata").get("annotators").get(0).asString())
                    .isNotEqualTo(reviewer.username());
        });
        assertThat(of(majority, "q2")).hasSize(3).allSatisfy(line -> {
            assertThat(line.get("metadata").get("adjudicated").asBoolean()).isFalse();
            assertThat(line.get("metadata").get("decided_by").asString()).isEmpty();
        });

        List<JsonNode> kto = of(export("format=kto&aggregation=majority"), "q1");
        assertThat(kto)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(
                                line.get("metadata").get("adjudicated").asBoolean())
                        .isTrue());

        List<JsonNode> raw = of(export("format=trl&aggregation=raw"), "q1");
        assertThat(raw).hasSize(4 * 3);
        assertThat(raw.stream().filter(l -> l.get("metadata").get("adjudicated").asBoolean()))
                .hasSize(3)
                .allSatisfy(line -> assertThat(line.get("id").asString()).startsWith("pair-adj"));

        assertThat(mvc.delete()
                        .uri("/api/v1/projects/" + project.slug() + "/items/q1/adjudication?version=1")
                        .with(TestData.as(reviewer))
                        .exchange())
                .hasStatus(HttpStatus.NO_CONTENT);
        assertThat(list(reviewer, "needed"))
                .bodyJson()
                .extractingPath("$.items[0].externalId")
                .isEqualTo("q1");
    }

    @Test
    void theQualityPageListsWhatWaitsForADecisionUntilItIsDecided() {
        rankBoth();
        Document waiting = html(page(reviewer, "/quality"));
        assertThat(waiting.select("[data-adjudication-count]").text()).isEqualTo("1 item waits now.");
        assertThat(waiting.select("[data-adjudication-status] tbody tr")).hasSize(1);
        assertThat(waiting.select("[data-adjudication-status] tbody tr a").attr("href"))
                .isEqualTo("/projects/" + project.slug() + "/adjudicate/q1");
        assertThat(waiting.select("[data-adjudication-status] tbody tr").text()).contains("33 %");

        assertThat(decide(admin, "{\"tiers\": [[\"a\"], [\"b\"], [\"c\"]], \"version\": 0}"))
                .hasStatusOk();
        Document decided = html(page(reviewer, "/quality"));
        assertThat(decided.select("[data-adjudication-count]").text()).isEqualTo("No item waits now.");
        assertThat(decided.select("[data-adjudication-status] tbody tr")).isEmpty();

        jdbc.sql("UPDATE project SET agreement_threshold = 0 WHERE id = ?")
                .param(project.id())
                .update();
        assertThat(html(page(admin, "/quality")).select("[data-adjudication-status]"))
                .as("with the threshold off the section is not shown")
                .isEmpty();
    }

    @Test
    void aSecondDecisionOnAStaleVersionIsRefusedWithAConflict() {
        rankBoth();
        assertThat(decide(reviewer, "{\"tiers\": [[\"b\"], [\"a\"], [\"c\"]], \"version\": 0}"))
                .hasStatusOk();
        var second = decide(admin, "{\"tiers\": [[\"a\"], [\"b\"], [\"c\"]], \"version\": 0}");
        assertThat(second).hasStatus(HttpStatus.CONFLICT);
        assertThat(second).bodyJson().extractingPath("$.code").isEqualTo("adjudication-changed");
        assertThat(decide(admin, "{\"tiers\": [[\"a\"], [\"b\"], [\"c\"]], \"version\": 2}"))
                .hasStatus(HttpStatus.CONFLICT);
        var replaced = decide(admin, "{\"tiers\": [[\"a\"], [\"b\"], [\"c\"]], \"version\": 1}");
        assertThat(replaced).hasStatusOk();
        assertThat(replaced).bodyJson().extractingPath("$.version").isEqualTo(2);
        assertThat(replaced).bodyJson().extractingPath("$.tiers[0][0]").isEqualTo("a");
        assertThat(mvc.delete()
                        .uri("/api/v1/projects/" + project.slug() + "/items/q1/adjudication?version=1")
                        .with(TestData.as(reviewer))
                        .exchange())
                .hasStatus(HttpStatus.CONFLICT);
    }

    @Test
    void onlyReviewersAndAdministratorsAdjudicateAndABadRankingIsRefused() {
        rankBoth();
        assertThat(list(annotator, "needed")).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(list(data.user(), "needed")).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(decide(annotator, "{\"tiers\": [[\"b\"], [\"a\"], [\"c\"]], \"version\": 0}"))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(list(admin, "needed")).hasStatusOk();
        assertThat(list(reviewer, "sideways")).hasStatus(HttpStatus.BAD_REQUEST);

        var incomplete = decide(reviewer, "{\"tiers\": [[\"b\"], [\"a\"]], \"version\": 0}");
        assertThat(incomplete).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(incomplete).bodyJson().extractingPath("$.errors[0].field").isEqualTo("tiers");
        assertThat(mvc.put()
                        .uri("/api/v1/projects/" + project.slug() + "/items/nope/adjudication")
                        .with(TestData.as(reviewer))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"tiers\": [[\"a\"]], \"version\": 0}")
                        .exchange())
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.get()
                        .uri("/api/v1/projects/" + project.slug() + "/items/q1/adjudication")
                        .with(TestData.as(reviewer))
                        .exchange())
                .hasStatus(HttpStatus.NOT_FOUND);
    }

    static Document html(MvcTestResult result) {
        return Jsoup.parse(
                new String(result.getResponse().getContentAsByteArray(), java.nio.charset.StandardCharsets.UTF_8));
    }

    MvcTestResult page(UserView user, String path) {
        return mvc.get()
                .uri("/projects/" + project.slug() + path)
                .with(TestData.as(user))
                .exchange();
    }

    @Test
    void theQueueAndItemPagesShowEveryRankingAndTakeADecisionWithoutLosingTheNote() {
        rankBoth();
        assertThat(page(annotator, "/adjudicate")).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(page(annotator, "/adjudicate/q1")).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(html(page(annotator, "/adjudicate/link")).select("a")).isEmpty();
        assertThat(html(page(reviewer, "/adjudicate/link")).select("a").text()).isEqualTo("Adjudicate (1)");

        MvcTestResult queuePage = page(reviewer, "/adjudicate");
        assertThat(queuePage).hasStatusOk();
        Document queueHtml = html(queuePage);
        assertThat(queueHtml.select("[data-adjudication-queue] tbody tr")).hasSize(1);
        assertThat(queueHtml.select("[data-adjudicate-first]").attr("href"))
                .isEqualTo("/projects/" + project.slug() + "/adjudicate/q1");

        Document item = html(page(reviewer, "/adjudicate/q1"));
        assertThat(item.select("[data-rankings-side-by-side] tbody tr")).hasSize(3);
        assertThat(item.select("[data-rankings-side-by-side] tbody tr").get(0).text())
                .contains(people.get(0).principal().getUsername())
                .contains("A > B > C");
        assertThat(item.select("[data-candidate-card]")).hasSize(3);
        assertThat(item.select("textarea[name=note]")).hasSize(1);
        assertThat(item.select("input[name=version]").val()).isEqualTo("0");
        assertThat(item.select(".taskbar").text()).contains("33 %");

        // a second reviewer decides first; this reviewer's decision comes back refused with the note
        assertThat(decide(admin, "{\"tiers\": [[\"a\"], [\"b\"], [\"c\"]], \"version\": 0}"))
                .hasStatusOk();
        MvcTestResult refused = postDecision(item, 0);
        assertThat(refused).hasStatus(HttpStatus.CONFLICT);
        Document again = html(refused);
        assertThat(again.select("[data-adjudication-refused]").text()).contains("Someone else decided");
        assertThat(again.select("textarea[name=note]").text()).isEqualTo("c is the only answer that is right");
        assertThat(again.select("input[name=version]").val()).isEqualTo("1");
        assertThat(again.select("[data-current-decision]").text()).contains("A > B > C");

        MvcTestResult replaced = postDecision(again, 1);
        assertThat(replaced).hasStatus3xxRedirection();
        assertThat(replaced).redirectedUrl().isEqualTo("/projects/" + project.slug() + "/adjudicate");
        assertThat(jdbc.sql("SELECT tiers::text || ' ' || version || ' ' || note FROM adjudication")
                        .query(String.class)
                        .single())
                .isEqualTo("[[\"c\"], [\"a\"], [\"b\"]] 2 c is the only answer that is right");
        assertThat(html(page(reviewer, "/adjudicate?state=decided")).select("[data-adjudication-queue] tbody tr"))
                .hasSize(1);

        assertThat(clear("1"))
                .as("a stale clear")
                .redirectedUrl()
                .isEqualTo("/projects/" + project.slug() + "/adjudicate/q1");
        assertThat(jdbc.sql("SELECT count(*) FROM adjudication")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        assertThat(clear("2")).redirectedUrl().isEqualTo("/projects/" + project.slug() + "/adjudicate/q1");
        assertThat(jdbc.sql("SELECT count(*) FROM adjudication")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    MvcTestResult clear(String version) {
        return mvc.post()
                .uri("/projects/" + project.slug() + "/adjudicate/q1/clear")
                .with(TestData.as(reviewer))
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                .param("version", version)
                .exchange();
    }

    /** Posts the decision c > a > b with a note from the page {@code page}, replacing {@code version}. */
    MvcTestResult postDecision(Document page, int version) {
        return mvc.post()
                .uri("/projects/" + project.slug() + "/adjudicate/q1")
                .with(TestData.as(reviewer))
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                .param("leaseToken", page.select("input[name=leaseToken]").val())
                .param("version", String.valueOf(version))
                .param("candidate", "a", "b", "c")
                .param("tiers", "[[2],[0],[1]]")
                .param("note", "c is the only answer that is right")
                .exchange();
    }

    @Test
    void aReviewerRanksByKeyboardOnTheAdjudicationPageAndSavesTheDecision() {
        rankBoth();
        try (Browser browser = Browser.open(port)) {
            browser.signIn(reviewer.username()).go("/projects/" + project.slug() + "/adjudicate");
            browser.waitUntil(d -> !browser.findAll("[data-adjudicate-first]").isEmpty());
            browser.find("[data-adjudicate-first]").click();
            browser.waitUntil(d -> browser.findAll(".rank-chip").size() == 3);
            browser.find("body").click();
            keys(browser, "c", "1", "a", "2", "b", "3");
            browser.waitUntil(d -> browser.findAll(".rank-tier").size() == 3);
            browser.find("textarea[name=note]").sendKeys("Only C answers what was asked.");
            browser.screenshot("adjudication-1-ranked");
            browser.find("[data-rank-submit]").click();
            browser.waitUntil(d -> browser.path().equals("/projects/" + project.slug() + "/adjudicate"));
            browser.screenshot("adjudication-2-saved");
            assertThat(browser.find(".flash-ok").getText()).contains("q1");
            assertThat(browser.consoleErrors()).isEmpty();
        }
        assertThat(jdbc.sql("SELECT tiers::text || ' ' || note FROM adjudication")
                        .query(String.class)
                        .single())
                .isEqualTo("[[\"c\"], [\"a\"], [\"b\"]] Only C answers what was asked.");
    }

    @Test
    void aDecisionSentAfterTheSessionEndedKeepsTheNoteAndGivesItBackAfterSigningIn() {
        rankBoth();
        String page = "/projects/" + project.slug() + "/adjudicate/q1";
        try (Browser browser = Browser.open(port)) {
            browser.signIn(reviewer.username()).go(page);
            browser.waitUntil(d -> browser.findAll(".rank-chip").size() == 3);
            browser.find("body").click();
            keys(browser, "c", "1", "a", "2", "b", "3");
            browser.waitUntil(d -> browser.findAll(".rank-tier").size() == 3);
            browser.find("textarea[name=note]").sendKeys("Only C answers what was asked.");
            assertThat(jdbc.sql("DELETE FROM spring_session WHERE principal_name = ?")
                            .param(reviewer.username())
                            .update())
                    .isPositive();
            browser.find("[data-rank-submit]").click();

            browser.waitUntil(d -> browser.find("[data-signed-out]").isDisplayed());
            assertThat(browser.path()).isEqualTo(page);
            assertThat(browser.find("[data-signed-out]").getText())
                    .contains("Your decision and note are kept in this browser");
            assertThat(browser.find("body").getText()).doesNotContain("Access denied");
            assertThat(jdbc.sql("SELECT count(*) FROM adjudication")
                            .query(Integer.class)
                            .single())
                    .isZero();

            browser.find("[data-sign-in-again]").click();
            browser.signInHere(reviewer.username());
            browser.waitUntil(d -> browser.path().equals(page));
            browser.waitUntil(d -> browser.findAll(".rank-tier").size() == 3);
            assertThat(browser.find("textarea[name=note]").getDomProperty("value"))
                    .isEqualTo("Only C answers what was asked.");
            assertThat(browser.find("[data-notice]").getText())
                    .contains("Your decision from before the session ended is back");

            browser.find("[data-rank-submit]").click();
            browser.waitUntil(d -> browser.path().equals("/projects/" + project.slug() + "/adjudicate"));
        }
        assertThat(jdbc.sql("SELECT tiers::text || ' ' || note FROM adjudication")
                        .query(String.class)
                        .single())
                .isEqualTo("[[\"c\"], [\"a\"], [\"b\"]] Only C answers what was asked.");
    }

    @Test
    void theProjectTabsCountWhatWaitsAndAReloadKeepsTheUnsavedDecisionAndNote() {
        rankBoth();
        try (Browser browser = Browser.open(port)) {
            browser.signIn(reviewer.username()).go("/projects/" + project.slug());
            browser.waitUntil(
                    d -> browser.findAll(".tabs a[href$='/adjudicate']").size() == 1);
            assertThat(browser.find(".tabs a[href$='/adjudicate']").getText()).isEqualTo("Adjudicate (1)");
            browser.find(".tabs a[href$='/adjudicate']").click();
            browser.find("[data-adjudicate-first]").click();
            browser.waitUntil(d -> browser.findAll(".rank-chip").size() == 3);
            browser.find("body").click();
            keys(browser, "b", "1");
            browser.find("textarea[name=note]").sendKeys("Half done");
            browser.driver().navigate().refresh();
            browser.waitUntil(d -> browser.findAll(".rank-tier").size() == 1);
            assertThat(browser.find("textarea[name=note]").getDomProperty("value"))
                    .isEqualTo("Half done");
            assertThat(browser.consoleErrors()).isEmpty();
        }
        try (Browser browser = Browser.open(port)) {
            browser.signIn(annotator.username()).go("/projects/" + project.slug());
            browser.waitUntil(d -> browser.findAll(".tab-slot").isEmpty());
            assertThat(browser.findAll(".tabs a[href$='/adjudicate']")).isEmpty();
        }
    }

    @Test
    void theQueueHasOneHeadingRowAndKeepsTheProjectTabsOfAReviewer() {
        rankBoth();
        for (String state : List.of("needed", "decided")) {
            if (state.equals("decided")) {
                assertThat(decide(admin, "{\"tiers\": [[\"a\"], [\"b\"], [\"c\"]], \"version\": 0}"))
                        .hasStatusOk();
            }
            Document queueHtml = html(page(reviewer, "/adjudicate?state=" + state));
            assertThat(queueHtml.select("[data-adjudication-queue] thead tr"))
                    .as("one heading row on the %s tab", state)
                    .hasSize(1);
            assertThat(queueHtml.select(".project-head .tabs a").eachAttr("href"))
                    .contains("/projects/" + project.slug() + "/quality", "/projects/" + project.slug() + "/items");
        }
        assertThat(html(page(reviewer, "/adjudicate?state=decided")).select("[data-adjudication-queue] thead th"))
                .extracting(org.jsoup.nodes.Element::text)
                .containsExactly("Item", "Agreement", "Decided by", "Decided", "Decide");
    }

    @Test
    void theRankingsSideBySideNameRatingsAndFlagsInTheReadersLanguageAndLabelEveryCell() {
        ClaimedTask task = queue.next(
                        project.slug(), TaskKind.RANK, people.get(0).principal())
                .orElseThrow();
        java.util.Map<String, String> labels = new java.util.HashMap<>();
        task.candidates().forEach(c -> labels.put(c.importId(), c.id()));
        String a = labels.get("a");
        queue.submit(
                task.taskId(),
                people.get(0).principal(),
                dev.feedloop.workqueue.api.SubmitRequest.read(json.valueToTree(java.util.Map.of(
                        "leaseToken", task.leaseToken().toString(),
                        "tiers", List.of(List.of(a), List.of(labels.get("b")), List.of(labels.get("c"))),
                        "ratings", java.util.Map.of(a, java.util.Map.of("helpfulness", 6)),
                        "flags", java.util.Map.of(a, List.of("harmful"))))));
        String item = task.item().externalId();

        Document ru = html(mvc.get()
                .uri("/projects/" + project.slug() + "/adjudicate/" + item)
                .with(TestData.as(reviewer))
                .header("Accept-Language", "ru")
                .exchange());
        org.jsoup.select.Elements cells = ru.select("[data-rankings-side-by-side] tbody tr td");
        assertThat(cells.text()).contains("Полезность 6").contains("⚑ Вредный").doesNotContain("helpfulness");
        assertThat(cells.eachAttr("data-label"))
                .as("every cell names its column for the phone layout")
                .hasSize(cells.size())
                .contains("Обоснование");
    }

    @Test
    void aDecidedItemIsLeftWithoutAskingAndAChangedNoteIsKept() {
        rankBoth();
        assertThat(decide(admin, "{\"tiers\": [[\"a\"], [\"b\"], [\"c\"]], \"note\": \"a first\", \"version\": 0}"))
                .hasStatusOk();
        try (Browser browser = Browser.open(port)) {
            browser.signIn(reviewer.username()).go("/projects/" + project.slug() + "/adjudicate/q1");
            browser.waitUntil(d -> browser.findAll(".rank-chip").size() == 3);
            assertThat(browser.find("textarea[name=note]").getDomProperty("value"))
                    .isEqualTo("a first");
            assertThat(browser.script("return Feedloop.rankBoard.snapshot() === null"))
                    .as("the saved note alone is nothing to keep or warn about")
                    .isEqualTo(true);
            browser.find(".adjudication-clear button").click();
            // read in one script: the page replaces the message while it settles, so a found element can go stale
            browser.waitUntil(d -> Boolean.TRUE.equals(browser.script(
                    "return [...document.querySelectorAll('.flash-ok')].some(e => e.textContent.includes('q1'))")));
            assertThat(jdbc.sql("SELECT count(*) FROM adjudication")
                            .query(Integer.class)
                            .single())
                    .isZero();
            browser.find("textarea[name=note]").sendKeys("a changed note");
            assertThat(browser.script("return Feedloop.rankBoard.snapshot() !== null"))
                    .as("a typed note is still kept")
                    .isEqualTo(true);
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }

    private static void keys(Browser browser, CharSequence... keys) {
        for (CharSequence key : keys) {
            new Actions(browser.driver()).sendKeys(key).perform();
        }
    }
}
