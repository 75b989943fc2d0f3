package dev.feedloop.quality.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * {@code GET /api/v1/projects/{slug}/judges}: the worked example of docs/quality.md from stored
 * machine judgments and rankings, a second judge kept apart, and who may read it.
 */
@IntegrationTest
class JudgesApiTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    void machineJudgment(TestProject project, long item, String judge, String order, String shown, String tiers) {
        jdbc.sql("""
                        INSERT INTO machine_judgment (project_id, item_id, endpoint_name, model, candidate_order, shown,
                                                      tiers, raw_reply)
                        VALUES (:project, :item, :judge, 'judge-1', :order, :shown::jsonb, :tiers::jsonb, '{}')
                        """)
                .param("project", project.id())
                .param("item", item)
                .param("judge", judge)
                .param("order", order)
                .param("shown", shown)
                .param("tiers", tiers)
                .update();
    }

    @Test
    void theWorkedExampleAndWhoMayReadIt() {
        UserView reviewer = data.user();
        UserView annotator = data.user();
        UserView stranger = data.user();
        TestProject project = data.project().demonstrations(0).rankings(2).create();
        data.member(project, reviewer, "REVIEWER").member(project, annotator, "ANNOTATOR");
        long item =
                data.itemAsking(project, "Which?", "m1", "x".repeat(30), "m2", "y".repeat(10), "m3", "z".repeat(20));
        data.ranking(item, data.user().id())
                .tiers(List.of("a"), List.of("b"), List.of("c"))
                .insert();
        data.ranking(item, data.user().id())
                .tiers(List.of("a", "b"), List.of("c"))
                .insert();
        machineJudgment(project, item, "Judge", "FORWARD", "[\"a\",\"b\",\"c\"]", "[[\"b\"],[\"a\"],[\"c\"]]");
        machineJudgment(project, item, "Judge", "REVERSED", "[\"c\",\"b\",\"a\"]", "[[\"a\"],[\"b\"],[\"c\"]]");
        machineJudgment(project, item, "Other", "FORWARD", "[\"a\",\"b\",\"c\"]", "[[\"c\"],[\"b\"],[\"a\"]]");
        String uri = "/api/v1/projects/" + project.slug() + "/judges";

        var answer = assertThat(mvc.get().uri(uri).with(TestData.as(reviewer)))
                .hasStatusOk()
                .bodyJson();
        answer.extractingPath("$.length()").isEqualTo(2);
        answer.extractingPath("$[0].endpointName").isEqualTo("Judge");
        answer.extractingPath("$[0].items").isEqualTo(1);
        answer.extractingPath("$[0].judgeHuman.comparisons").isEqualTo(12);
        answer.extractingPath("$[0].judgeHuman.withTies").isEqualTo(0.75);
        answer.extractingPath("$[0].judgeHuman.withoutTies").isEqualTo(0.9);
        answer.extractingPath("$[0].kappa").isEqualTo(1.0);
        answer.extractingPath("$[0].kappaPairs").isEqualTo(3);
        answer.extractingPath("$[0].positionConsistency.bothOrders").isEqualTo(1);
        answer.extractingPath("$[0].positionConsistency.itemShare").isEqualTo(0.0);
        answer.extractingPath("$[0].positionConsistency.sameVerdict").isEqualTo(2);
        answer.extractingPath("$[0].humanHuman.agreements").isEqualTo(2);
        answer.extractingPath("$[0].humanHuman.withoutTies").isEqualTo(1.0);
        answer.extractingPath("$[0].longerAnswerWins.withTies").isEqualTo(0.5);
        answer.extractingPath("$[0].longerAnswerWins.withoutTies").isEqualTo(0.6);
        answer.extractingPath("$[1].endpointName").isEqualTo("Other");
        answer.extractingPath("$[1].positionConsistency.bothOrders").isEqualTo(0);
        answer.extractingPath("$[1].positionConsistency.itemShare").isNull();
        answer.extractingPath("$[1].judgeHuman.withTies").isEqualTo(0.0);

        assertThat(mvc.get().uri(uri).with(TestData.as(data.admin()))).hasStatusOk();
        assertThat(mvc.get().uri(uri).with(TestData.as(annotator))).hasStatus(403);
        assertThat(mvc.get().uri(uri).with(TestData.as(stranger))).hasStatus(404);
    }

    void priorJudgment(TestProject project, long item, String source, String kind, String judgment) {
        jdbc.sql("""
                        INSERT INTO prior_judgment (project_id, item_id, source_format, kind, judgment, digest)
                        VALUES (:project, :item, :source, :kind, :judgment::jsonb, md5(:judgment))
                        """)
                .param("project", project.id())
                .param("item", item)
                .param("source", source)
                .param("kind", kind)
                .param("judgment", judgment)
                .update();
    }

    org.jsoup.nodes.Document page(String uri, UserView who) throws Exception {
        return org.jsoup.Jsoup.parse(mvc.get()
                .uri(uri)
                .with(TestData.as(who))
                .exchange()
                .getResponse()
                .getContentAsString());
    }

    @Test
    void priorJudgmentsAreMeasuredAgainstPeopleOnlyWhenAsked() throws Exception {
        UserView reviewer = data.user();
        TestProject project = data.project().demonstrations(0).rankings(2).create();
        data.member(project, reviewer, "REVIEWER");
        long item = data.itemAsking(project, "Which?", "m1", "one", "m2", "two", "m3", "three");
        data.ranking(item, data.user().id())
                .tiers(List.of("a"), List.of("b"), List.of("c"))
                .insert();
        data.ranking(item, data.user().id())
                .tiers(List.of("a", "b"), List.of("c"))
                .insert();
        priorJudgment(project, item, "hh-rlhf", "preference", "{\"chosen\": \"a\", \"rejected\": \"c\"}");
        priorJudgment(project, item, "ultrafeedback", "ratings", "{\"scores\": {\"a\": 1, \"b\": 5, \"c\": 3}}");
        String uri = "/api/v1/projects/" + project.slug() + "/judges";
        String quality = "/api/v1/projects/" + project.slug() + "/quality?asOf=2030-01-01T00:00:00Z";
        String agreement = mvc.get()
                .uri(quality)
                .with(TestData.as(reviewer))
                .exchange()
                .getResponse()
                .getContentAsString();

        assertThat(mvc.get().uri(uri).with(TestData.as(reviewer)))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.length()")
                .isEqualTo(0);
        var answer = assertThat(mvc.get().uri(uri + "?priors=include").with(TestData.as(reviewer)))
                .hasStatusOk()
                .bodyJson();
        answer.extractingPath("$.length()").isEqualTo(2);
        answer.extractingPath("$[0].endpointName").isEqualTo("hh-rlhf");
        answer.extractingPath("$[0].prior").isEqualTo(true);
        answer.extractingPath("$[0].model").isEqualTo("");
        answer.extractingPath("$[0].judgedItems").isEqualTo(1);
        // a over c: the one pair the preference places, and both people place it the same way
        answer.extractingPath("$[0].judgeHuman.comparisons").isEqualTo(2);
        answer.extractingPath("$[0].judgeHuman.withTies").isEqualTo(1.0);
        answer.extractingPath("$[0].kappaPairs").isEqualTo(1);
        answer.extractingPath("$[0].positionConsistency.bothOrders").isEqualTo(0);
        // b over c over a by score: of three pairs with each person only b over c agrees
        answer.extractingPath("$[1].endpointName").isEqualTo("ultrafeedback");
        answer.extractingPath("$[1].judgeHuman.comparisons").isEqualTo(6);
        answer.extractingPath("$[1].judgeHuman.agreements").isEqualTo(2);

        assertThat(mvc.get().uri(uri + "?priors=maybe").with(TestData.as(reviewer)))
                .hasStatus(400)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("priors");
        // the people's own agreement is the same with the priors stored
        assertThat(mvc.get().uri(quality).with(TestData.as(reviewer)))
                .hasStatusOk()
                .bodyText()
                .isEqualTo(agreement);

        var page = page("/projects/" + project.slug() + "/quality", reviewer);
        assertThat(page.select("[data-judges] td[data-prior]")).isEmpty();
        String toggle = page.select("[data-priors-toggle] a").attr("href");
        assertThat(toggle).isEqualTo("/projects/" + project.slug() + "/quality?priors=include#judges-heading");
        var included = page("/projects/" + project.slug() + "/quality?priors=include", reviewer);
        assertThat(included.select("[data-judges] td[data-prior=true]").eachText())
                .containsExactly("imported: hh-rlhf", "imported: ultrafeedback");
        assertThat(included.select("[data-priors-toggle] a").attr("href"))
                .isEqualTo("/projects/" + project.slug() + "/quality#judges-heading");
    }

    @Test
    void machineJudgmentsLeaveThePeoplesAgreementAlone() throws Exception {
        UserView reviewer = data.user();
        TestProject project = data.project().demonstrations(0).rankings(2).create();
        data.member(project, reviewer, "REVIEWER");
        long item = data.item(project, "q-1", 0, "a", "b");
        data.ranking(item, data.user().id()).tiers(List.of("a"), List.of("b")).insert();
        data.ranking(item, data.user().id()).tiers(List.of("a"), List.of("b")).insert();
        String quality = "/api/v1/projects/" + project.slug() + "/quality?asOf=2030-01-01T00:00:00Z";
        String before = mvc.get()
                .uri(quality)
                .with(TestData.as(reviewer))
                .exchange()
                .getResponse()
                .getContentAsString();
        machineJudgment(project, item, "Judge", "FORWARD", "[\"a\",\"b\"]", "[[\"b\"],[\"a\"]]");

        assertThat(mvc.get().uri(quality).with(TestData.as(reviewer)))
                .hasStatusOk()
                .bodyText()
                .isEqualTo(before);
    }

    @Test
    void theQualityPageShowsEachJudgeInBothLanguages() {
        UserView reviewer = data.user();
        TestProject project = data.project().demonstrations(0).rankings(2).create();
        data.member(project, reviewer, "REVIEWER");
        long item = data.item(project, "q-1", 0, "a", "b");
        data.ranking(item, data.user().id()).tiers(List.of("a"), List.of("b")).insert();
        machineJudgment(project, item, "Judge", "FORWARD", "[\"a\",\"b\"]", "[[\"a\"],[\"b\"]]");
        machineJudgment(project, item, "Judge", "REVERSED", "[\"b\",\"a\"]", "[[\"b\"],[\"a\"]]");
        String page = "/projects/" + project.slug() + "/quality";

        assertThat(mvc.get().uri(page).with(TestData.as(reviewer)))
                .hasStatusOk()
                .bodyText()
                .contains("Judges against people")
                .contains("Judge · judge-1")
                .contains("50.0 %")
                .contains("Same ranking in both orders");
        assertThat(mvc.get().uri(page).header("Accept-Language", "ru").with(TestData.as(reviewer)))
                .hasStatusOk()
                .bodyText()
                .contains("Модели-судьи и люди")
                .contains("50,0 %");
    }

    @Test
    void theJudgesMeasuresComeWithTheirIntervalsInTheApiAndOnThePage() {
        UserView reviewer = data.user();
        TestProject project = data.project().demonstrations(0).rankings(2).create();
        data.member(project, reviewer, "REVIEWER");
        long person = data.user().id();
        // the person ranks a > b everywhere; the judge agrees in both orders on 6 items, on 2 only in
        // the forward order, and disagrees in both on 2
        for (int i = 0; i < 10; i++) {
            long item = data.item(project, "q-" + i, 0, "a", "b");
            data.ranking(item, person).tiers(List.of("a"), List.of("b")).insert();
            String forward = i < 8 ? "[[\"a\"],[\"b\"]]" : "[[\"b\"],[\"a\"]]";
            String reversed = i < 6 ? "[[\"a\"],[\"b\"]]" : "[[\"b\"],[\"a\"]]";
            machineJudgment(project, item, "Judge", "FORWARD", "[\"a\",\"b\"]", forward);
            machineJudgment(project, item, "Judge", "REVERSED", "[\"b\",\"a\"]", reversed);
        }

        var answer = assertThat(mvc.get()
                        .uri("/api/v1/projects/{slug}/judges", project.slug())
                        .with(TestData.as(reviewer)))
                .hasStatusOk()
                .bodyJson();
        answer.extractingPath("$[0].judgeHuman.withTies").isEqualTo(0.7);
        answer.extractingPath("$[0].judgeHuman.ci95.length()").isEqualTo(2);
        answer.extractingPath("$[0].judgeHuman.ci95[0]")
                .asNumber()
                .satisfies(low -> assertThat(low.doubleValue()).isLessThan(0.7).isGreaterThanOrEqualTo(0.0));
        answer.extractingPath("$[0].judgeHuman.ci95[1]")
                .asNumber()
                .satisfies(high ->
                        assertThat(high.doubleValue()).isGreaterThan(0.7).isLessThanOrEqualTo(1.0));
        answer.extractingPath("$[0].judgeHuman.ci95WithoutTies.length()").isEqualTo(2);
        // the people always say a is better, so chance agreement is the observed one on every resample
        answer.extractingPath("$[0].kappa").isEqualTo(0.0);
        answer.extractingPath("$[0].kappaCi95").isEqualTo(List.of(0.0, 0.0));
        answer.extractingPath("$[0].positionConsistency.itemShare").isEqualTo(0.8);
        answer.extractingPath("$[0].positionConsistency.itemShareCi95[0]")
                .asNumber()
                .satisfies(low -> assertThat(low.doubleValue()).isLessThan(0.8));
        answer.extractingPath("$[0].positionConsistency.pairShareCi95.length()").isEqualTo(2);
        answer.extractingPath("$[0].humanHuman.ci95").isNull();
        answer.extractingPath("$[0].longerAnswerWins.ci95").isNull();

        assertThat(mvc.get().uri("/projects/{slug}/quality", project.slug()).with(TestData.as(reviewer)))
                .hasStatusOk()
                .bodyText()
                .containsPattern("data-judge-interval=\"judgeHuman\">\\d+\\.\\d – \\d+\\.\\d %<")
                .containsPattern("data-judge-interval=\"sameRanking\">\\d+\\.\\d – 100\\.0 %<")
                .contains("data-judge-interval=\"kappa\">0.00 – 0.00</td>");
    }
}
