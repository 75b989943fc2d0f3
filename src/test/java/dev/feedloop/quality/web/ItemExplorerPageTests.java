package dev.feedloop.quality.web;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.RefusedPages;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The item explorer: each filter, keyset paging in both orders, the item page with every judgment,
 * who may see and change what, marking gold, and excluding an item from exports.
 */
@IntegrationTest
class ItemExplorerPageTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApiTokens tokens;

    @LocalServerPort
    int port;

    TestProject project;
    UserView admin;
    UserView reviewer;
    UserView ann;
    UserView bob;

    @BeforeEach
    void setUp() {
        project = data.project()
                .rankings(2)
                .demonstrations(1)
                .flags("[\"hallucination\", \"unsafe\"]")
                .create();
        admin = data.admin();
        reviewer = data.user();
        ann = data.user();
        bob = data.user();
        data.member(project, reviewer, "REVIEWER")
                .member(project, ann, "ANNOTATOR", "LABELER")
                .member(project, bob, "ANNOTATOR");
    }

    /**
     * e-1: both annotators agree (100 %); e-2: they disagree on every pair (0 %), with a flag; e-3:
     * gold, unranked; e-4: excluded, every task done; e-5: a candidate of model "special", prompt
     * and answer in Russian.
     */
    private void seed() {
        long e1 = data.item(project, "e-1", 0, "a", "b");
        long e2 = data.item(project, "e-2", 0, "a", "b");
        long e3 = data.item(project, "e-3", 0, "a", "b");
        long e4 = data.item(project, "e-4", 0, "a", "b");
        data.ranking(e1, ann.id()).tiers(List.of("a"), List.of("b")).insert();
        data.ranking(e1, bob.id()).tiers(List.of("a"), List.of("b")).insert();
        data.ranking(e2, ann.id())
                .tiers(List.of("a"), List.of("b"))
                .flag("b", "hallucination")
                .insert();
        data.ranking(e2, bob.id()).tiers(List.of("b"), List.of("a")).insert();
        jdbc.sql("INSERT INTO item_gold (item_id, project_id, tiers) VALUES (?, ?, '[[\"a\"], [\"b\"]]')")
                .params(e3, project.id())
                .update();
        jdbc.sql("UPDATE item SET excluded_at = now() WHERE id = ?").param(e4).update();
        jdbc.sql("UPDATE task SET state = 'DONE', done_at = now() WHERE item_id = ?")
                .param(e4)
                .update();
        long e5 = data.itemWith(
                project,
                List.of(message("user", "Как сварить борщ без свёклы?")),
                "special",
                "Борщ без свёклы — это щи.",
                "model-a",
                "Use tomatoes for the colour.");
        jdbc.sql("UPDATE item SET external_id = 'e-5' WHERE id = ?").param(e5).update();
    }

    @Test
    void everyFilterNarrowsTheList() {
        seed();
        assertThat(ids("")).containsExactly("e-1", "e-2", "e-3", "e-4", "e-5");
        assertThat(ids("?state=waiting")).containsExactly("e-3", "e-5");
        assertThat(ids("?state=in-progress")).containsExactly("e-1", "e-2");
        assertThat(ids("?state=complete")).containsExactly("e-4");
        assertThat(ids("?below=50")).containsExactly("e-2");
        assertThat(ids("?below=100.5")).containsExactly("e-1", "e-2", "e-3", "e-4", "e-5");
        assertThat(ids("?gold=yes")).containsExactly("e-3");
        assertThat(ids("?gold=no")).containsExactly("e-1", "e-2", "e-4", "e-5");
        assertThat(ids("?flag=*")).containsExactly("e-2");
        assertThat(ids("?flag=hallucination")).containsExactly("e-2");
        assertThat(ids("?flag=unsafe")).isEmpty();
        assertThat(ids("?model=special")).containsExactly("e-5");
        assertThat(ids("?excluded=yes")).containsExactly("e-4");
        assertThat(ids("?excluded=no")).containsExactly("e-1", "e-2", "e-3", "e-5");
        assertThat(ids("?gold=no&state=in-progress&below=50")).containsExactly("e-2");
    }

    @Test
    void rowsShowProgressAgreementFlagsAndModels() {
        seed();
        Document page = html(get(admin, "/projects/" + project.slug() + "/items"));
        Element e1 = page.selectFirst("tr[data-item=e-1]");
        assertThat(e1.selectFirst("td[data-col=agreement]").text()).isEqualTo("100.0 %");
        assertThat(e1.selectFirst(".item-prompt").text()).isEqualTo("Question e-1?");
        assertThat(e1.selectFirst("td[data-col=models]").text()).isEqualTo("model-a, model-b");
        Element e2 = page.selectFirst("tr[data-item=e-2]");
        assertThat(e2.selectFirst("td[data-col=agreement]").text()).isEqualTo("0.0 %");
        assertThat(e2.selectFirst("td[data-col=flags]").text()).isEqualTo("hallucination 1");
        Element e3 = page.selectFirst("tr[data-item=e-3]");
        assertThat(e3.selectFirst("td[data-col=agreement]").text()).isEqualTo("—");
        assertThat(e3.selectFirst("td[data-col=gold]").text()).isNotBlank();
        assertThat(page.selectFirst("tr[data-item=e-4]")
                        .selectFirst("td[data-col=excluded]")
                        .text())
                .isNotBlank();
        assertThat(page.selectFirst("tr[data-item=e-5] .item-prompt").text()).isEqualTo("Как сварить борщ без свёклы?");
        assertThat(page.select("#f-models option").eachAttr("value")).containsExactly("model-a", "model-b", "special");
        assertThat(page.select("a[rel=next], a[rel=prev]")).isEmpty();
    }

    @Test
    void fullTextSearchFindsWordsOfPromptsAndAnswersInAnyLanguage() {
        seed();
        assertThat(ids("?q=борщ")).containsExactly("e-5");
        assertThat(ids("?q=БОРЩ")).containsExactly("e-5");
        assertThat(ids("?q=щи")).containsExactly("e-5");
        assertThat(ids("?q=tomatoes")).containsExactly("e-5");
        assertThat(ids("?q=question")).containsExactly("e-1", "e-2", "e-3", "e-4");
        assertThat(ids("?q=answer")).containsExactly("e-1", "e-2", "e-3", "e-4");
        assertThat(ids("?q=question+-e-2")).doesNotContain("e-5");
        assertThat(ids("?q=шампунь")).isEmpty();
        assertThat(ids("?q=борщ&model=model-b")).isEmpty();
    }

    @Test
    void pagesGoForwardAndBackByIdWithoutOffset() {
        data.items(project, "p", 120, 2);
        Document first = html(get(admin, "/projects/" + project.slug() + "/items"));
        assertThat(rowIds(first)).hasSize(50).first().isEqualTo("p-1");
        assertThat(first.select("a[rel=prev]")).isEmpty();
        Document second = follow(first, "next");
        assertThat(rowIds(second)).hasSize(50).first().isEqualTo("p-51");
        Document third = follow(second, "next");
        assertThat(rowIds(third)).hasSize(20).first().isEqualTo("p-101");
        assertThat(third.select("a[rel=next]")).isEmpty();
        Document back = follow(third, "prev");
        assertThat(rowIds(back)).isEqualTo(rowIds(second));
        Document start = follow(back, "prev");
        assertThat(rowIds(start)).isEqualTo(rowIds(first));
        assertThat(start.select("a[rel=prev]")).isEmpty();
    }

    @Test
    void pagesByAgreementKeepEqualKeysInIdOrderAcrossPageBoundaries() {
        data.items(project, "p", 110, 2);
        // p-60 and p-7 agree on nothing (0 %), p-3 on everything (100 %); the rest have no agreement
        for (String disagreed : List.of("p-60", "p-7")) {
            long item = itemId(disagreed);
            data.ranking(item, ann.id()).tiers(List.of("a"), List.of("b")).insert();
            data.ranking(item, bob.id()).tiers(List.of("b"), List.of("a")).insert();
        }
        long agreed = itemId("p-3");
        data.ranking(agreed, ann.id()).tiers(List.of("a"), List.of("b")).insert();
        data.ranking(agreed, bob.id()).tiers(List.of("a"), List.of("b")).insert();

        List<String> expected = new ArrayList<>(List.of("p-7", "p-60", "p-3"));
        for (int n = 1; n <= 110; n++) {
            if (n != 3 && n != 7 && n != 60) {
                expected.add("p-" + n);
            }
        }
        Document first = html(get(admin, "/projects/" + project.slug() + "/items?sort=agreement"));
        Document second = follow(first, "next");
        Document third = follow(second, "next");
        List<String> all = new ArrayList<>(rowIds(first));
        all.addAll(rowIds(second));
        all.addAll(rowIds(third));
        assertThat(all).isEqualTo(expected);
        assertThat(third.select("a[rel=next]")).isEmpty();
        assertThat(rowIds(follow(third, "prev"))).isEqualTo(rowIds(second));
        assertThat(rowIds(follow(follow(third, "prev"), "prev"))).isEqualTo(rowIds(first));
        // a ranking added later is seen at once
        data.ranking(itemId("p-110"), ann.id())
                .tiers(List.of("a"), List.of("b"))
                .insert();
        data.ranking(itemId("p-110"), bob.id())
                .tiers(List.of("b"), List.of("a"))
                .insert();
        assertThat(ids("?sort=agreement&below=50")).containsExactly("p-7", "p-60", "p-110");
    }

    @Test
    void theItemPageShowsEveryJudgmentSideBySideWithItsMeasures() {
        long item = data.item(project, "e-1", 0, "a", "b", "c");
        data.ranking(item, ann.id())
                .tiers(List.of("a"), List.of("b"), List.of("c"))
                .rating("a", "helpfulness", 6)
                .flag("c", "unsafe")
                .rationale("A is <b>clear</b>")
                .activeSeconds(42)
                .insert();
        data.ranking(item, bob.id())
                .tiers(List.of("a", "b"), List.of("c"))
                .rationale("A and B tie")
                .insert();
        long demo = data.demonstration(item, ann.id(), "The **ideal** answer").insert();
        data.review(demo, reviewer.id(), "REJECTED", Instant.parse("2025-03-01T00:00:00Z"));
        data.demonstration(item, bob.id(), "Another answer").insert();

        Document page = html(get(reviewer, "/projects/" + project.slug() + "/items/e-1"));
        assertThat(page.select(".conversation .turn")).hasSize(2);
        assertThat(page.select("[data-candidate]").eachAttr("data-candidate")).containsExactly("a", "b", "c");
        assertThat(page.selectFirst("[data-candidate=a] .md").html()).contains("answer a");
        Element annRow = page.selectFirst("tr[data-ranking=" + ann.username() + "]");
        assertThat(annRow.selectFirst(".item-tiers").text()).isEqualTo("a > b > c");
        assertThat(annRow.text()).contains("helpfulness 6", "unsafe", "42 s");
        assertThat(annRow.selectFirst(".item-rationale").html()).contains("&lt;b&gt;clear&lt;/b&gt;");
        Element bobRow = page.selectFirst("tr[data-ranking=" + bob.username() + "]");
        assertThat(bobRow.selectFirst(".item-tiers").text()).isEqualTo("a = b > c");
        assertThat(bobRow.text()).contains("A and B tie");
        assertThat(page.select("[data-demonstration]")).hasSize(2);
        assertThat(page.selectFirst("[data-demonstration=" + demo + "] .md strong")
                        .text())
                .isEqualTo("ideal");
        assertThat(page.selectFirst("[data-demonstration=" + demo + "] [data-review]")
                        .text())
                .isEqualTo("Rejected");
        assertThat(page.select("[data-review]").eachText()).containsExactly("Rejected", "Waiting for review");
        // ab: first better vs tie, ac and bc agree: 2 of 3 with ties; without ties 2 of 2
        assertThat(page.selectFirst("[data-stat=with-ties]").text()).isEqualTo("66.7 %");
        assertThat(page.selectFirst("[data-stat=without-ties]").text()).isEqualTo("100.0 %");
        assertThat(page.selectFirst("[data-stat=kendall-w]").text()).isNotEqualTo("—");
        assertThat(page.select("[data-more-rankings]")).hasSize(1);
    }

    @Test
    void annotatorsAreRefusedReviewersOnlyReadAndOtherProjectsSeeNothing() {
        data.item(project, "e-1", 0, "a", "b");
        String list = "/projects/" + project.slug() + "/items";
        assertThat(get(ann, list)).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(get(ann, list + "/e-1")).hasStatus(HttpStatus.FORBIDDEN);
        TestProject other = data.project().create();
        UserView outsider = data.user();
        data.member(other, outsider, "REVIEWER");
        assertThat(get(outsider, list)).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(get(outsider, list + "/e-1")).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(get(admin, list + "/nope")).hasStatus(HttpStatus.NOT_FOUND);

        Document asReviewer = html(get(reviewer, list + "/e-1"));
        assertThat(asReviewer.select(".item-page form[method=post]")).isEmpty();
        assertThat(post(reviewer, list + "/e-1/gold", Map.of("tiers", "a > b"))).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(post(reviewer, list + "/e-1/exclusion", Map.of())).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(post(outsider, list + "/e-1/exclusion", Map.of())).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.post()
                        .uri(list + "/e-1/exclusion")
                        .with(TestData.as(admin))
                        .exchange())
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(html(get(admin, list + "/e-1")).select(".item-page form[method=post]"))
                .isNotEmpty();
        assertThat(html(get(admin, list)).select("nav.tabs a.active").text()).isEqualTo("Items");
    }

    @Test
    void anAdministratorMarksGoldAndClearsItWithMessagesNextToTheField() {
        long item = data.item(project, "e-1", 0, "a", "b", "c");
        String page = "/projects/" + project.slug() + "/items/e-1";

        MvcTestResult saved = post(admin, page + "/gold", Map.of("tiers", " b > a = c ", "best", "b"));
        assertThat(saved).hasStatus(HttpStatus.FOUND).redirectedUrl().isEqualTo(page);
        assertThat(jdbc.sql("SELECT tiers::text || best FROM item_gold WHERE item_id = ?")
                        .param(item)
                        .query(String.class)
                        .single())
                .isEqualTo("[[\"b\"], [\"a\", \"c\"]]b");
        Document after = RefusedPages.follow(mvc, saved, page, TestData.as(admin));
        assertThat(after.selectFirst(".flash-ok").text()).contains("The gold answer is saved.");
        assertThat(after.selectFirst("[data-gold]").text()).contains("b > a = c");
        assertThat(ids("?gold=yes")).containsExactly("e-1");

        Document malformed = refusedPage(post(admin, page + "/gold", Map.of("tiers", "b > > a", "best", "")));
        assertThat(malformed.selectFirst("#gold-tiers-error").text()).contains("A tier is empty");
        assertThat(malformed.selectFirst("#gold-tiers").val()).isEqualTo("b > > a");

        Document unknown = refusedPage(post(admin, page + "/gold", Map.of("tiers", "a > zzz", "best", "")));
        assertThat(unknown.selectFirst(".flashes .flash-error").text())
                .contains("The gold answer is not valid", "zzz")
                .doesNotContain("[Ljava");
        assertThat(unknown.selectFirst("#gold-tiers").val()).isEqualTo("a > zzz");
        assertThat(jdbc.sql("SELECT tiers::text FROM item_gold WHERE item_id = ?")
                        .param(item)
                        .query(String.class)
                        .single())
                .isEqualTo("[[\"b\"], [\"a\", \"c\"]]");

        assertThat(post(admin, page + "/gold/clear", Map.of())).hasStatus(HttpStatus.FOUND);
        assertThat(ids("?gold=yes")).isEmpty();
    }

    @Test
    void anExcludedItemIsLeftOutOfSftAndPreferenceExportsUntilIncludedAgain() throws Exception {
        long kept = data.item(project, "keep", 0, "a", "b");
        long dropped = data.item(project, "drop", 0, "a", "b");
        for (long item : List.of(kept, dropped)) {
            data.ranking(item, ann.id()).tiers(List.of("a"), List.of("b")).insert();
            long demo = data.demonstration(item, ann.id(), "Ideal " + item).insert();
            data.review(demo, reviewer.id(), "APPROVED", Instant.parse("2025-03-01T00:00:00Z"));
        }
        String token = tokens.create(admin.id(), "explorer").token();
        assertThat(exported("sft", token)).contains("\"keep\"", "\"drop\"");

        String page = "/projects/" + project.slug() + "/items/drop";
        MvcTestResult excluded = post(admin, page + "/exclusion", Map.of("reason", "duplicate of keep"));
        assertThat(excluded).hasStatus(HttpStatus.FOUND).redirectedUrl().isEqualTo(page);
        Document after = RefusedPages.follow(mvc, excluded, page, TestData.as(admin));
        assertThat(after.selectFirst(".flash-ok").text()).contains("left out of exports");
        assertThat(after.selectFirst("[data-exclusion]").text())
                .contains(admin.username())
                .contains("duplicate of keep");
        assertThat(exported("sft", token)).contains("\"keep\"").doesNotContain("\"drop\"");
        assertThat(exported("preferences", token)).contains("\"keep\"").doesNotContain("\"drop\"");
        assertThat(ids("?excluded=yes")).containsExactly("drop");

        assertThat(post(admin, page + "/exclusion/clear", Map.of())).hasStatus(HttpStatus.FOUND);
        assertThat(exported("preferences", token)).contains("\"keep\"", "\"drop\"");

        Document tooLong = refusedPage(post(admin, page + "/exclusion", Map.of("reason", "x".repeat(1001))));
        assertThat(tooLong.selectFirst("#exclusion-reason-error").text()).contains("longer than 1000");
        assertThat(tooLong.selectFirst("#exclusion-reason").val()).hasSize(1001);
    }

    @Test
    void anAdministratorAsksForMoreRankingsOfAnItemAndTheQueueGetsThem() {
        seed();
        String page = "/projects/" + project.slug() + "/items/e-1";
        // both annotators ranked e-1, but TestData's rankings leave the slots as they were
        long waiting = jdbc.sql("SELECT count(*) FROM task WHERE item_id = ? AND kind = 'RANK' AND state <> 'DONE'")
                .param(itemId("e-1"))
                .query(Long.class)
                .single();
        assertThat(html(get(admin, page)).selectFirst("[data-more-rankings]").text())
                .contains("Extra rankings so far: 0")
                .contains("not yet judged: " + waiting);

        MvcTestResult asked = post(admin, page + "/extra-rankings", Map.of("count", "2"));
        assertThat(asked).hasStatus(HttpStatus.FOUND).redirectedUrl().isEqualTo(page);
        Document after = RefusedPages.follow(mvc, asked, page, TestData.as(admin));
        assertThat(after.selectFirst(".flash-ok").text()).contains("Added 2 rank tasks");
        assertThat(after.selectFirst("[data-more-rankings]").text())
                .contains("Extra rankings so far: 2")
                .contains("not yet judged: " + (waiting + 2));
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM task WHERE item_id = ? AND kind = 'RANK' AND state = 'OPEN' AND extra")
                        .param(itemId("e-1"))
                        .query(Long.class)
                        .single())
                .isEqualTo(2);

        Document tooMany = refusedPage(post(admin, page + "/extra-rankings", Map.of("count", "11")));
        assertThat(tooMany.selectFirst("#more-rankings-count-error").text()).contains("between 1 and 10");
        assertThat(tooMany.selectFirst("#more-rankings-count").val()).isEqualTo("11");

        String gold = "/projects/" + project.slug() + "/items/e-3";
        assertThat(html(get(admin, gold)).select("form[action$=/extra-rankings]"))
                .isEmpty();
        assertThat(html(get(reviewer, page)).select("form[action$=/extra-rankings]"))
                .isEmpty();
        assertThat(post(reviewer, page + "/extra-rankings", Map.of("count", "1")))
                .hasStatus(HttpStatus.FORBIDDEN);
    }

    @Test
    void theExclusionApiExcludesAndIncludes() throws Exception {
        data.item(project, "e-1", 0, "a", "b");
        String token = tokens.create(admin.id(), "explorer").token();
        String uri = "/api/v1/projects/" + project.slug() + "/items/e-1/exclusion";
        HttpResponse<String> put = api("PUT", uri, token, "{\"reason\":\"off topic\"}");
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(put.body()).contains("\"excludedBy\":\"" + admin.username() + "\"", "\"reason\":\"off topic\"");
        assertThat(ids("?excluded=yes")).containsExactly("e-1");
        assertThat(api("DELETE", uri, token, null).statusCode()).isEqualTo(204);
        assertThat(ids("?excluded=yes")).isEmpty();
        String annToken = tokens.create(ann.id(), "ann").token();
        assertThat(api("PUT", uri, annToken, null).statusCode()).isEqualTo(403);
        assertThat(api("PUT", "/api/v1/projects/" + project.slug() + "/items/none/exclusion", token, null)
                        .statusCode())
                .isEqualTo(404);
    }

    private String exported(String kind, String token) throws Exception {
        String query = kind.equals("sft") ? "?format=messages" : "?format=trl";
        return api("GET", "/api/v1/projects/" + project.slug() + "/exports/" + kind + query, token, null)
                .body();
    }

    private HttpResponse<String> api(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long itemId(String externalId) {
        return jdbc.sql("SELECT id FROM item WHERE project_id = ? AND external_id = ?")
                .params(project.id(), externalId)
                .query(Long.class)
                .single();
    }

    private List<String> ids(String query) {
        MvcTestResult result = get(admin, "/projects/" + project.slug() + "/items" + query);
        assertThat(result).hasStatusOk();
        return rowIds(html(result));
    }

    private static List<String> rowIds(Document page) {
        return page.select("tr[data-item]").eachAttr("data-item");
    }

    private Document follow(Document page, String rel) {
        String href = page.selectFirst("a[rel=" + rel + "]").attr("href");
        return html(get(admin, href));
    }

    private Document refusedPage(MvcTestResult refused) {
        return RefusedPages.follow(mvc, refused, refused.getResponse().getRedirectedUrl(), TestData.as(admin));
    }

    private MvcTestResult get(UserView who, String uri) {
        return mvc.get().uri(uri).with(TestData.as(who)).exchange();
    }

    private MvcTestResult post(UserView who, String uri, Map<String, String> params) {
        var request = mvc.post().uri(uri).with(TestData.as(who)).with(csrf());
        for (Map.Entry<String, String> param : params.entrySet()) {
            request = request.param(param.getKey(), param.getValue());
        }
        return request.exchange();
    }

    private static Document html(MvcTestResult result) {
        return Jsoup.parse(
                new String(result.getResponse().getContentAsByteArray(), java.nio.charset.StandardCharsets.UTF_8));
    }
}
