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
}
