package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.generation.AssistSettings;
import dev.feedloop.generation.MachineJudgmentRecorded;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import dev.feedloop.workqueue.ClaimedTask;
import dev.feedloop.workqueue.RankSubmits;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routing to people: with the option on, an item the judge ranks differently in its two orders,
 * or whose combined verdict differs from the first person's ranking, gets one extra rank slot, once
 * per reason, however the triggers race; with the option off, none.
 */
@IntegrationTest
class JudgeRoutingTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    @Autowired
    WorkQueue queue;

    @Autowired
    AssistSettings assist;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    MockMvcTester mvc;

    ExecutorService pool = Executors.newFixedThreadPool(2);
    TestProject project;
    long itemId;

    @BeforeEach
    void setUp() {
        data.admin();
        project = data.project().demonstrations(0).rankings(1).create();
        itemId = data.item(project, "q1", 0, "a", "b", "c");
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    void routing(boolean on) {
        jdbc.sql("""
                        INSERT INTO assist_settings (project_id, judge_routing) VALUES (?, ?)
                        ON CONFLICT (project_id) DO UPDATE SET judge_routing = excluded.judge_routing
                        """).params(project.id(), on).update();
    }

    /** Stores a judge's ranking in one order, as a judge run does, and publishes its event. */
    long judge(String order, String tiers) {
        return transactions.execute(status -> {
            long id = jdbc.sql("""
                            INSERT INTO machine_judgment (project_id, item_id, endpoint_name, model, candidate_order,
                                                          shown, tiers, raw_reply)
                            VALUES (?, ?, 'judge', 'judge-model', ?, '["a", "b", "c"]', ?::jsonb, '{}')
                            RETURNING id
                            """)
                    .params(project.id(), itemId, order, tiers)
                    .query(Long.class)
                    .single();
            events.publishEvent(new MachineJudgmentRecorded(project.id(), itemId, id));
            return id;
        });
    }

    void rank(Person person, List<String> order) {
        ClaimedTask task =
                queue.next(project.slug(), TaskKind.RANK, person.principal()).orElseThrow();
        queue.submit(task.taskId(), person.principal(), RankSubmits.inOrder(json, task, order));
    }

    int extraSlots() {
        return jdbc.sql("SELECT count(*) FROM task WHERE item_id = ? AND extra")
                .param(itemId)
                .query(Integer.class)
                .single();
    }

    List<String> reasons() {
        return jdbc.sql("SELECT reason FROM judge_route WHERE item_id = ? ORDER BY reason")
                .param(itemId)
                .query(String.class)
                .list();
    }

    @Test
    void anInconsistentJudgeGivesOneExtraSlotOnceBothOrdersAreIn() {
        routing(true);
        judge("FORWARD", "[[\"a\"], [\"b\"], [\"c\"]]");
        assertThat(extraSlots()).isZero();
        judge("REVERSED", "[[\"c\"], [\"b\"], [\"a\"]]");
        assertThat(extraSlots()).isEqualTo(1);
        assertThat(reasons()).containsExactly("INCONSISTENT");
        assertThat(jdbc.sql("SELECT extra_rankings FROM queue_item WHERE item_id = ?")
                        .param(itemId)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aConsistentJudgeAgreeingWithNobodyYetGivesNone() {
        routing(true);
        judge("FORWARD", "[[\"a\"], [\"b\", \"c\"]]");
        judge("REVERSED", "[[\"a\"], [\"c\", \"b\"]]");
        assertThat(extraSlots()).isZero();
        assertThat(reasons()).isEmpty();
    }

    @Test
    void theFirstHumanRankingDisagreeingWithTheJudgeGivesOneExtraSlot() {
        routing(true);
        judge("FORWARD", "[[\"a\"], [\"b\"], [\"c\"]]");
        judge("REVERSED", "[[\"a\"], [\"b\"], [\"c\"]]");
        List<Person> people = data.people(project, 3, "ANNOTATOR");
        rank(people.get(0), List.of("b", "a", "c"));
        assertThat(reasons()).containsExactly("DISAGREES");
        assertThat(extraSlots()).isEqualTo(1);
        // the second person ranks the extra slot, disagreeing too: not the first ranking, nothing more
        rank(people.get(1), List.of("c", "b", "a"));
        assertThat(extraSlots()).isEqualTo(1);
    }

    @Test
    void theFirstHumanRankingAgreeingWithTheJudgeGivesNone() {
        routing(true);
        judge("FORWARD", "[[\"a\"], [\"b\"], [\"c\"]]");
        judge("REVERSED", "[[\"a\"], [\"b\"], [\"c\"]]");
        rank(data.people(project, 1, "ANNOTATOR").getFirst(), List.of("a", "b", "c"));
        assertThat(extraSlots()).isZero();
    }

    @Test
    void aJudgeArrivingAfterADisagreeingHumanGivesOneExtraSlot() {
        routing(true);
        rank(data.people(project, 1, "ANNOTATOR").getFirst(), List.of("c", "b", "a"));
        judge("FORWARD", "[[\"a\"], [\"b\"], [\"c\"]]");
        assertThat(extraSlots()).isZero();
        judge("REVERSED", "[[\"a\"], [\"b\"], [\"c\"]]");
        assertThat(reasons()).containsExactly("DISAGREES");
        assertThat(extraSlots()).isEqualTo(1);
    }

    @Test
    void aJudgeChangingItsMindOnOnePairGetsOnlyTheInconsistentSlot() {
        routing(true);
        // a–b flips between the orders (combined: a tie); a–c and b–c are judged alike, as the person does
        judge("FORWARD", "[[\"a\"], [\"b\"], [\"c\"]]");
        judge("REVERSED", "[[\"b\"], [\"a\"], [\"c\"]]");
        assertThat(reasons()).containsExactly("INCONSISTENT");
        rank(data.people(project, 1, "ANNOTATOR").getFirst(), List.of("a", "b", "c"));
        assertThat(reasons()).containsExactly("INCONSISTENT");
        assertThat(extraSlots()).isEqualTo(1);
    }

    @Test
    void anInconsistentJudgeAfterTheFirstHumanRankingGetsOnlyTheInconsistentSlot() {
        routing(true);
        rank(data.people(project, 1, "ANNOTATOR").getFirst(), List.of("b", "a", "c"));
        judge("FORWARD", "[[\"a\"], [\"b\"], [\"c\"]]");
        judge("REVERSED", "[[\"b\"], [\"a\"], [\"c\"]]");
        assertThat(reasons()).containsExactly("INCONSISTENT");
        assertThat(extraSlots()).isEqualTo(1);
    }

    @Test
    void aConsistentJudgeDisagreeingWithTheFirstPersonStillGetsOneSlot() {
        routing(true);
        judge("FORWARD", "[[\"a\"], [\"b\", \"c\"]]");
        judge("REVERSED", "[[\"a\"], [\"c\", \"b\"]]");
        rank(data.people(project, 1, "ANNOTATOR").getFirst(), List.of("b", "a", "c"));
        assertThat(reasons()).containsExactly("DISAGREES");
        assertThat(extraSlots()).isEqualTo(1);
    }

    @Test
    void anInconsistentJudgeAlsoDisagreeingOnAPairItJudgesAlikeGetsBothSlots() {
        routing(true);
        judge("FORWARD", "[[\"a\"], [\"b\"], [\"c\"]]");
        judge("REVERSED", "[[\"b\"], [\"a\"], [\"c\"]]");
        // both orders put a and b above c; the person puts c first
        rank(data.people(project, 1, "ANNOTATOR").getFirst(), List.of("c", "a", "b"));
        assertThat(reasons()).containsExactly("DISAGREES", "INCONSISTENT");
        assertThat(extraSlots()).isEqualTo(2);
    }

    @Test
    void withRoutingOffNothingIsAdded() {
        judge("FORWARD", "[[\"a\"], [\"b\"], [\"c\"]]");
        judge("REVERSED", "[[\"c\"], [\"b\"], [\"a\"]]");
        rank(data.people(project, 1, "ANNOTATOR").getFirst(), List.of("b", "c", "a"));
        assertThat(extraSlots()).isZero();
        assertThat(reasons()).isEmpty();
        assertThat(assist.judgeRouting(project.id())).isFalse();
    }

    @Test
    void twoServersRecordingTheSecondOrderAtOnceAddOneSlot() throws Exception {
        routing(true);
        judge("FORWARD", "[[\"a\"], [\"b\"], [\"c\"]]");
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<Future<Long>> done = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            done.add(pool.submit(() -> {
                barrier.await(10, TimeUnit.SECONDS);
                return judge("REVERSED", "[[\"b\"], [\"a\"], [\"c\"]]");
            }));
        }
        for (Future<Long> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThat(extraSlots()).isEqualTo(1);
        assertThat(reasons()).containsExactly("INCONSISTENT");
    }

    @Test
    void theModelHelpPageTurnsRoutingOnAndOff() {
        var admin = data.admin();
        assertThat(mvc.get().uri("/projects/{slug}/assist", project.slug()).with(TestData.as(admin)))
                .bodyText()
                .contains("Give items the judge is unsure of one more human ranking");
        assertThat(mvc.post()
                        .uri("/projects/{slug}/assist/judge-routing", project.slug())
                        .param("judgeRouting", "true")
                        .with(TestData.as(admin))
                        .with(csrf()))
                .hasStatus3xxRedirection();
        assertThat(assist.judgeRouting(project.id())).isTrue();
        assertThat(mvc.post()
                        .uri("/projects/{slug}/assist/judge-routing", project.slug())
                        .with(TestData.as(admin))
                        .with(csrf()))
                .hasStatus3xxRedirection();
        assertThat(assist.judgeRouting(project.id())).isFalse();
        var annotator = data.user();
        data.member(project, annotator, "ANNOTATOR");
        assertThat(mvc.post()
                        .uri("/projects/{slug}/assist/judge-routing", project.slug())
                        .param("judgeRouting", "true")
                        .with(TestData.as(annotator))
                        .with(csrf()))
                .hasStatus(403);
        assertThat(assist.judgeRouting(project.id())).isFalse();
    }
}
