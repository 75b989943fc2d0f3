package dev.feedloop.quality.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.RefusedPages;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The quality page: its numbers, its chart data, who may see it, and a refused instant. */
@IntegrationTest
class QualityPageTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    TestProject project;
    UserView admin;
    UserView reviewer;
    UserView ann;
    UserView bob;

    @BeforeEach
    void setUp() {
        project = data.project().rankings(2).create();
        admin = data.admin();
        reviewer = data.user();
        ann = data.user();
        bob = data.user();
        data.member(project, reviewer, "REVIEWER")
                .member(project, ann, "ANNOTATOR")
                .member(project, bob, "ANNOTATOR");
    }

    /**
     * Two items of candidates a, b, c (models model-a, model-b, model-c), each ranked by two
     * people: on q-1 they agree on every pair, on q-2 on one of three. Yesterday and today, with
     * ratings and active times.
     */
    private void seed() {
        data.items(project, "q", 2, 3);
        long q1 = itemId("q-1");
        long q2 = itemId("q-2");
        Instant today = Instant.now().minus(1, ChronoUnit.MINUTES);
        Instant yesterday = today.minus(1, ChronoUnit.DAYS);
        data.ranking(q1, ann.id())
                .tiers(List.of("a"), List.of("b"), List.of("c"))
                .displayed("a", "b", "c")
                .rating("a", "helpfulness", 7)
                .rating("b", "helpfulness", 4)
                .activeSeconds(25)
                .at(yesterday)
                .insert();
        data.ranking(q1, bob.id())
                .tiers(List.of("a"), List.of("b"), List.of("c"))
                .displayed("c", "b", "a")
                .rating("a", "helpfulness", 7)
                .activeSeconds(95)
                .at(today)
                .insert();
        data.ranking(q2, ann.id())
                .tiers(List.of("a"), List.of("b"), List.of("c"))
                .displayed("a", "b", "c")
                .activeSeconds(5)
                .at(today)
                .insert();
        data.ranking(q2, bob.id())
                .tiers(List.of("c"), List.of("a"), List.of("b"))
                .displayed("b", "c", "a")
                .activeSeconds(2000)
                .at(today)
                .insert();
    }

    private long itemId(String externalId) {
        return jdbc.sql("SELECT id FROM item WHERE project_id = ? AND external_id = ?")
                .params(project.id(), externalId)
                .query(Long.class)
                .single();
    }

    private MvcTestResult page(UserView who, String query) {
        return mvc.get()
                .uri("/projects/" + project.slug() + "/quality" + query)
                .with(TestData.as(who))
                .exchange();
    }

    private static Document html(MvcTestResult result) {
        try {
            return Jsoup.parse(result.getResponse().getContentAsString());
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode chart(Document page, String name) {
        return json.readTree(page.selectFirst("canvas[data-chart=" + name + "]").attr("data-values"));
    }

    @Test
    void showsAgreementTheLeaderboardAndTheChartDataOfTheRankings() {
        seed();

        MvcTestResult result = page(admin, "");

        assertThat(result).hasStatus(HttpStatus.OK);
        Document page = html(result);
        // 6 verdict pairs (3 candidate pairs × 2 items), equal on 3 + 1.
        assertThat(page.selectFirst("[data-stat=with-ties]").text()).isEqualTo("66.7 %");
        assertThat(page.select("table[data-leaderboard] tbody tr")).hasSize(3);
        assertThat(page.selectFirst("table[data-leaderboard] tbody tr td:nth-child(2)")
                        .text())
                .isEqualTo("model-a");
        assertThat(page.select("table[data-annotators] tbody tr td:first-child").eachText())
                .containsExactlyInAnyOrder(ann.username(), bob.username());
        assertThat(page.select("table[data-lowest-items] tbody tr td:first-child")
                        .eachText())
                .containsExactly("q-2", "q-1");
        assertThat(page.select(".project-head nav a.active").text()).isEqualTo("Quality");

        JsonNode leaderboard = chart(page, "leaderboard");
        assertThat(leaderboard.get("models").get(0).asString()).isEqualTo("model-a");
        assertThat(leaderboard.get("intervals").get(0)).hasSize(2);
        JsonNode daily = chart(page, "daily");
        assertThat(daily.get("days")).hasSize(30);
        long judged = 0;
        for (JsonNode person : daily.get("people")) {
            for (JsonNode count : person.get("data")) {
                judged += count.asLong();
            }
        }
        assertThat(judged).isEqualTo(4);
        JsonNode times = chart(page, "times");
        // Buckets up to 10, 30, 60, 120, 300, 600, 1200 s and above: 5 s, 25 s, 95 s, 2000 s.
        assertThat(times.get("rankings").toString()).isEqualTo("[1,1,0,1,0,0,0,1]");
        JsonNode ratings = chart(page, "ratings");
        assertThat(ratings.get("values").toString()).isEqualTo("[4,7]");
        assertThat(ratings.at("/dimensions/0/data").toString()).isEqualTo("[1,2]");
        assertThat(chart(page, "positions").get("positions").toString()).isEqualTo("[1,2,3]");
    }

    /**
     * q-1 and q-2 are gold items answered a > b > c. Ann ranked both as gold tasks, right on q-1
     * and with c and b swapped on q-2: 5 of 6 gold pairs. Bob ranked q-1 as a gold task, fully
     * reversed (0 of 3), and is paused for gold.
     */
    @Test
    void goldStatusCountsGoldItemsJudgmentsTheOverallAccuracyAndWhoIsPausedOrClose() {
        seed();
        long q1 = itemId("q-1");
        long q2 = itemId("q-2");
        for (long gold : List.of(q1, q2)) {
            jdbc.sql("INSERT INTO item_gold (item_id, project_id, tiers) VALUES (?, ?, '[[\"a\"], [\"b\"], [\"c\"]]')")
                    .params(gold, project.id())
                    .update();
        }
        jdbc.sql("UPDATE ranking SET tiers = '[[\"a\"], [\"c\"], [\"b\"]]' WHERE item_id = ? AND annotator_id = ?")
                .params(q2, ann.id())
                .update();
        jdbc.sql("UPDATE ranking SET tiers = '[[\"c\"], [\"b\"], [\"a\"]]' WHERE item_id = ? AND annotator_id = ?")
                .params(q1, bob.id())
                .update();
        jdbc.sql("""
                        UPDATE task SET gold_for = r.annotator_id FROM ranking r
                        WHERE r.task_id = task.id
                          AND ((r.annotator_id = ? AND r.item_id IN (?, ?)) OR (r.annotator_id = ? AND r.item_id = ?))
                        """).params(ann.id(), q1, q2, bob.id(), q1).update();
        jdbc.sql("""
                        UPDATE project_member SET paused_at = now(), paused_reason = 'GOLD'
                        WHERE project_id = ? AND user_id = ?
                        """).params(project.id(), bob.id()).update();

        Document page = html(page(admin, ""));

        assertThat(page.selectFirst("[data-stat=gold-items]").text()).isEqualTo("2");
        assertThat(page.selectFirst("[data-stat=gold-judgments]").text()).isEqualTo("3");
        // 5 of 9 pairs: Wilson 95 % interval 26.7 % – 81.1 %
        assertThat(page.selectFirst("[data-stat=gold-accuracy]").text()).isEqualTo("55.6 %");
        assertThat(page.selectFirst("[data-stat=gold-interval]").text())
                .contains("26.7")
                .contains("81.1");
        assertThat(page.select("[data-gold-paused] li").eachAttr("data-username"))
                .containsExactly(bob.username());
        assertThat(page.select("[data-gold-paused] li").text()).contains("paused (gold)");
        assertThat(page.select(".gold-status a[href$=/members]")).hasSize(1);
        // ann: 5 of 6 = 83.3 %, not below the default threshold of 70 % plus 10 points
        assertThat(page.select("table[data-gold-close] tbody tr")).isEmpty();

        jdbc.sql("UPDATE project SET gold_threshold = 80 WHERE id = ?")
                .param(project.id())
                .update();
        Document stricter = html(page(admin, ""));
        assertThat(stricter.select("table[data-gold-close] tbody tr td:first-child")
                        .eachText())
                .singleElement()
                .asString()
                .contains(ann.username());
        assertThat(stricter.selectFirst("table[data-gold-close] tbody tr td:nth-child(3)")
                        .text())
                .isEqualTo("83.3 %");
    }

    /**
     * Quick judgments: ann's rankings took 25 and 5 s, bob's 95 and 2,000 s. Under the default 5 s
     * nothing is quick (5 s is not less than 5); under 30 s both of ann's are; with 0 it is off.
     */
    @Test
    void theLedgerShowsEachPersonsShareOfQuickJudgments() throws Exception {
        seed();

        assertThat(quickShares()).containsExactlyInAnyOrder(ann.username() + " 0.0 %", bob.username() + " 0.0 %");

        jdbc.sql("UPDATE project SET quick_seconds = 30 WHERE id = ?")
                .param(project.id())
                .update();
        assertThat(quickShares()).containsExactlyInAnyOrder(ann.username() + " 100.0 %", bob.username() + " 0.0 %");
        JsonNode ledger = json.readTree(mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/ledger")
                .with(TestData.as(admin))
                .exchange()
                .getResponse()
                .getContentAsString());
        for (JsonNode row : ledger) {
            if (row.get("username").asString().equals(ann.username())) {
                assertThat(row.get("timedJudgments").asLong()).isEqualTo(2);
                assertThat(row.get("quickJudgments").asLong()).isEqualTo(2);
                assertThat(row.get("quickShare").asDouble()).isEqualTo(1.0);
            }
        }

        jdbc.sql("UPDATE project SET quick_seconds = 0 WHERE id = ?")
                .param(project.id())
                .update();
        assertThat(quickShares()).containsExactlyInAnyOrder(ann.username() + " —", bob.username() + " —");
    }

    /** "username share" of the ledger's rows of ann and bob. */
    private List<String> quickShares() {
        Document page = html(page(admin, ""));
        return page.select("table[data-ledger] tbody tr").stream()
                .map(row -> row.selectFirst("td .field-help").text() + " "
                        + row.selectFirst("td[data-quick]").text())
                .filter(text -> text.startsWith(ann.username()) || text.startsWith(bob.username()))
                .toList();
    }

    @Test
    void agreementOverTimeIsDrawnPerDayOfTheLaterRanking() {
        seed();

        Document page = html(page(admin, ""));

        JsonNode overTime = chart(page, "overTime");
        assertThat(overTime.get("unit").asString()).isEqualTo("day");
        // q-1's comparison (3 pairs, all equal) falls on today, the day of bob's ranking, and so do
        // q-2's (3 pairs, 1 equal): one day of 6 comparisons, 4 equal
        assertThat(overTime.get("starts")).hasSize(1);
        assertThat(overTime.get("comparisons").toString()).isEqualTo("[6]");
        assertThat(overTime.get("withTies").get(0).asDouble()).isEqualTo(4.0 / 6);
    }

    @Test
    void asOfCountsOnlyTheRankingsSubmittedByThen() {
        seed();
        String beforeToday = Instant.now().minus(2, ChronoUnit.HOURS).toString();

        Document page = html(page(admin, "?asOf=" + beforeToday));

        assertThat(page.selectFirst("#quality-asof-help").text()).contains("up to");
        assertThat(page.selectFirst(".empty-state")).isNull();
        assertThat(page.select("table[data-annotators] tbody tr")).isEmpty();
        assertThat(page.selectFirst("#quality-asof").attr("value")).isEqualTo(beforeToday);
    }

    @Test
    void aProjectWithoutRankingsSaysSoAndStillShowsTheActivity() {
        Document page = html(page(admin, ""));

        assertThat(page.selectFirst(".empty-state").text()).contains("No rankings yet");
        assertThat(page.select("canvas[data-chart=daily]")).hasSize(1);
        assertThat(page.select("table[data-leaderboard]")).isEmpty();
    }

    @Test
    void reviewersSeeItAnnotatorsAreRefusedAndStrangersDoNotLearnTheProjectExists() {
        assertThat(page(reviewer, "")).hasStatus(HttpStatus.OK);
        assertThat(page(ann, "")).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(page(data.user(), "")).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void reviewersFindTheQualityAndItemsTabsAndAnnotatorsDoNot() {
        String base = "/projects/" + project.slug();
        for (String path : List.of("", "/guidelines", "/quality", "/items")) {
            Document page =
                    html(mvc.get().uri(base + path).with(TestData.as(reviewer)).exchange());
            assertThat(page.select("nav.tabs a").eachText()).as(path).contains("Quality", "Items");
        }
        for (String path : List.of("", "/guidelines")) {
            Document page =
                    html(mvc.get().uri(base + path).with(TestData.as(ann)).exchange());
            assertThat(page.select("nav.tabs a").eachText()).as(path).doesNotContain("Quality", "Items");
        }
    }

    @Test
    void theTablesHeadingsAreCapitalisedAndAnEmptySkipReasonIsADash() {
        seed();
        Document page = html(page(admin, ""));
        assertThat(page.select("table[data-ledger] thead th").eachText()).contains("Median time (s)");
        assertThat(page.select("table[data-ledger] tbody tr td:nth-child(8)").eachText())
                .isNotEmpty()
                .containsOnly("—");
    }

    @Test
    void anInstantThatIsNotOneComesBackToThePageWithTheMessage() {
        MvcTestResult refused = page(admin, "?asOf=yesterday");

        Document page =
                RefusedPages.follow(mvc, refused, "/projects/" + project.slug() + "/quality", TestData.as(admin));

        assertThat(page.select(".flash").text())
                .contains("Give the time in ISO-8601, for example 2025-01-31T12:00:00Z.");
    }
}
