package dev.feedloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.UserView;
import dev.feedloop.ingest.GoldAnswer;
import dev.feedloop.ingest.Items;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.json.JsonMapper;

/**
 * Items whose rankings disagree get extra rank slots: one per completed round while the agreement
 * stays below the threshold, up to the project's maximum, never two for one round however the
 * submits race; by hand, an administrator adds several at once.
 */
@IntegrationTest
class ExtraRankingsTests {

    static final List<String> ABC = List.of("a", "b", "c");
    static final List<String> CBA = List.of("c", "b", "a");

    @Autowired
    WorkQueue queue;

    @Autowired
    ExtraRankings extraRankings;

    @Autowired
    Items items;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    ExecutorService pool = Executors.newFixedThreadPool(2);

    @BeforeEach
    void setUp() {
        data.admin();
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    TestProject project(int threshold, int maximum) {
        return data.project()
                .demonstrations(0)
                .rankings(2)
                .set("agreement_threshold", threshold)
                .set("max_extra_rankings", maximum)
                .create();
    }

    /** Claims the person's next rank task of the project, which must be of {@code externalId}. */
    ClaimedTask claim(TestProject project, Person person, String externalId) {
        ClaimedTask task =
                queue.next(project.slug(), TaskKind.RANK, person.principal()).orElseThrow();
        assertThat(task.item().externalId()).isEqualTo(externalId);
        return task;
    }

    /** Submits the claimed task with the candidates in the order of {@code importIds}, best first. */
    SubmittedJudgment submit(Person person, ClaimedTask task, List<String> importIds) {
        return queue.submit(task.taskId(), person.principal(), RankSubmits.inOrder(json, task, importIds));
    }

    void rank(TestProject project, Person person, String externalId, List<String> order) {
        submit(person, claim(project, person, externalId), order);
    }

    int extraSlots(long itemId) {
        return jdbc.sql("SELECT count(*) FROM task WHERE item_id = ? AND extra")
                .param(itemId)
                .query(Integer.class)
                .single();
    }

    int rankSlots(long itemId) {
        return jdbc.sql("SELECT count(*) FROM task WHERE item_id = ? AND kind = 'RANK'")
                .param(itemId)
                .query(Integer.class)
                .single();
    }

    int counter(long itemId) {
        return jdbc.sql("SELECT extra_rankings FROM queue_item WHERE item_id = ?")
                .param(itemId)
                .query(Integer.class)
                .single();
    }

    @Test
    void aDisagreeingItemGetsOneSlotPerCompletedRoundUpToTheMaximum() {
        TestProject project = project(60, 2);
        long item = data.item(project, "q1", 0, "a", "b", "c");
        List<Person> people = data.people(project, 5, "ANNOTATOR");

        rank(project, people.get(0), "q1", ABC);
        assertThat(extraSlots(item)).as("the round is not complete").isZero();
        rank(project, people.get(1), "q1", CBA);
        assertThat(extraSlots(item)).isEqualTo(1);
        assertThat(rankSlots(item)).isEqualTo(3);

        rank(project, people.get(2), "q1", CBA);
        assertThat(extraSlots(item))
                .as("1 of 3 pairs of people agree: still below 60 %")
                .isEqualTo(2);

        rank(project, people.get(3), "q1", ABC);
        assertThat(extraSlots(item)).as("the maximum is reached").isEqualTo(2);
        assertThat(counter(item)).isEqualTo(2);
        assertThat(queue.next(project.slug(), TaskKind.RANK, people.get(4).principal()))
                .isEmpty();
    }

    @Test
    void anItemAboveTheThresholdOrAProjectWithTheThresholdOffGetsNone() {
        TestProject agreeing = project(60, 2);
        long agreed = data.item(agreeing, "q1", 0, "a", "b", "c");
        List<Person> people = data.people(agreeing, 2, "ANNOTATOR");
        rank(agreeing, people.get(0), "q1", ABC);
        rank(agreeing, people.get(1), "q1", List.of("a", "c", "b"));
        assertThat(extraSlots(agreed))
                .as("2 of 3 pairs agree: 67 % is not below 60 %")
                .isZero();

        TestProject off = project(0, 2);
        long disagreed = data.item(off, "q2", 0, "a", "b", "c");
        List<Person> others = data.people(off, 2, "ANNOTATOR");
        rank(off, others.get(0), "q2", ABC);
        rank(off, others.get(1), "q2", CBA);
        assertThat(extraSlots(disagreed)).isZero();
        assertThat(counter(disagreed)).isZero();
    }

    @Test
    void goldTasksNeverAddSlots() {
        TestProject project = data.project()
                .demonstrations(0)
                .rankings(1)
                .set("agreement_threshold", 100)
                .set("gold_rate", 1)
                .create();
        long item = data.item(project, "gold-1", 0, "a", "b", "c");
        AccountPrincipal admin = TestData.principal(data.admin());
        items.setGold(
                project.slug(),
                "gold-1",
                new GoldAnswer(List.of(List.of("a"), List.of("b"), List.of("c")), "a"),
                admin);
        List<Person> people = data.people(project, 2, "ANNOTATOR");
        rank(project, people.get(0), "gold-1", ABC);
        rank(project, people.get(1), "gold-1", CBA);
        assertThat(extraSlots(item)).isZero();
    }

    @Test
    void twoRankingsFinishingARoundAtTheSameMomentAddOneSlot() throws Exception {
        TestProject project = project(60, 2);
        List<Person> people = data.people(project, 2, "ANNOTATOR");
        List<Long> itemIds = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            itemIds.add(data.item(project, "q" + i, 0, "a", "b", "c"));
        }
        for (int i = 0; i < itemIds.size(); i++) {
            ClaimedTask first = queue.next(
                            project.slug(), TaskKind.RANK, people.get(0).principal())
                    .orElseThrow();
            ClaimedTask second = claim(project, people.get(1), first.item().externalId());
            CyclicBarrier together = new CyclicBarrier(2);
            Future<?> a = pool.submit(() -> {
                together.await();
                return submit(people.get(0), first, ABC);
            });
            Future<?> b = pool.submit(() -> {
                together.await();
                return submit(people.get(1), second, CBA);
            });
            a.get(30, TimeUnit.SECONDS);
            b.get(30, TimeUnit.SECONDS);
        }
        for (long itemId : itemIds) {
            assertThat(extraSlots(itemId)).as("item %d", itemId).isEqualTo(1);
            assertThat(counter(itemId)).isEqualTo(1);
        }
    }

    @Test
    void racingRoundChecksNeverAddMoreThanOneSlotNorPassTheMaximum() throws Exception {
        TestProject project = project(60, 1);
        List<Person> people = data.people(project, 2, "ANNOTATOR");
        List<Long> itemIds = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long itemId = data.item(project, "q" + i, 0, "a", "b");
            itemIds.add(itemId);
            jdbc.sql("UPDATE task SET state = 'DONE', done_at = now() WHERE item_id = ?")
                    .param(itemId)
                    .update();
        }
        for (long itemId : itemIds) {
            CyclicBarrier together = new CyclicBarrier(2);
            Future<Boolean> a = pool.submit(() -> {
                together.await();
                return extraRankings.addAfterRound(itemId, 5);
            });
            Future<Boolean> b = pool.submit(() -> {
                together.await();
                return extraRankings.addAfterRound(itemId, 5);
            });
            assertThat(List.of(a.get(30, TimeUnit.SECONDS), b.get(30, TimeUnit.SECONDS)))
                    .containsExactlyInAnyOrder(true, false);
            assertThat(extraSlots(itemId)).isEqualTo(1);
        }
        long itemId = itemIds.getFirst();
        jdbc.sql("UPDATE task SET state = 'DONE', done_at = now() WHERE item_id = ?")
                .param(itemId)
                .update();
        assertThat(extraRankings.addAfterRound(itemId, 1)).as("the maximum").isFalse();
        assertThat(extraRankings.addAfterRound(itemId, 2)).isTrue();
        assertThat(extraRankings.addAfterRound(itemId, 5))
                .as("the new slot is open")
                .isFalse();
        assertThat(counter(itemId)).isEqualTo(2);
    }

    @Test
    void settingsChangesNeitherCountNorRemoveExtraSlots() {
        TestProject project = project(60, 2);
        long item = data.item(project, "q1", 0, "a", "b", "c");
        List<Person> people = data.people(project, 2, "ANNOTATOR");
        rank(project, people.get(0), "q1", ABC);
        rank(project, people.get(1), "q1", CBA);
        assertThat(extraSlots(item)).isEqualTo(1);
        UserView admin = data.admin();

        changeRankingsPerItem(project, admin, 3);
        assertThat(rankSlots(item)).as("2 done + 1 new ordinary + the extra").isEqualTo(4);
        changeRankingsPerItem(project, admin, 1);
        assertThat(extraSlots(item)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE item_id = ? AND NOT extra AND state = 'OPEN'")
                        .param(item)
                        .query(Integer.class)
                        .single())
                .as("the open ordinary slot went")
                .isZero();
    }

    void changeRankingsPerItem(TestProject project, UserView admin, int perItem) {
        assertThat(mvc.put()
                        .uri("/api/v1/projects/" + project.slug())
                        .with(TestData.as(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"rankingsPerItem\": " + perItem + "}"))
                .hasStatusOk();
    }

    @Test
    void anAdministratorRequestsSeveralExtraRankingsAtOnce() {
        TestProject project = project(60, 1);
        long item = data.item(project, "q1", 0, "a", "b", "c");
        UserView admin = data.admin();
        var result = requestExtra(project, "q1", admin, "{\"count\": 3}");
        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.added").isEqualTo(3);
        assertThat(result).bodyJson().extractingPath("$.extraRankings").isEqualTo(3);
        assertThat(result).bodyJson().extractingPath("$.openRankSlots").isEqualTo(5);
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM task WHERE item_id = ? AND extra AND jsonb_array_length(candidate_order) = 3")
                        .param(item)
                        .query(Integer.class)
                        .single())
                .isEqualTo(3);

        List<Person> people = data.people(project, 5, "ANNOTATOR");
        for (int i = 0; i < people.size(); i++) {
            rank(project, people.get(i), "q1", i % 2 == 0 ? ABC : CBA);
        }
        assertThat(extraSlots(item))
                .as("requested slots count towards the maximum")
                .isEqualTo(3);
        assertThat(counter(item)).isEqualTo(3);
    }

    @Test
    void anItemThatBecomesGoldLosesTheExtraSlotsNobodyTouched() {
        TestProject project = project(60, 1);
        long item = data.item(project, "q1", 0, "a", "b", "c");
        UserView admin = data.admin();
        assertThat(requestExtra(project, "q1", admin, "{\"count\": 2}")).hasStatusOk();
        assertThat(extraSlots(item)).isEqualTo(2);
        items.setGold(
                project.slug(),
                "q1",
                new GoldAnswer(List.of(List.of("a"), List.of("b"), List.of("c")), "a"),
                TestData.principal(admin));
        assertThat(extraSlots(item)).isZero();
        assertThat(rankSlots(item)).isZero();
    }

    @Test
    void requestsForExtraRankingsAreRefusedClearly() {
        TestProject project = project(60, 1);
        data.item(project, "q1", 0, "a", "b", "c");
        data.item(project, "single", 0, "a");
        UserView admin = data.admin();
        UserView annotator = data.user();
        data.member(project, annotator, "ANNOTATOR");

        assertThat(requestExtra(project, "q1", annotator, "{\"count\": 1}")).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(requestExtra(project, "q1", data.user(), "{\"count\": 1}")).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(requestExtra(project, "nope", admin, "{\"count\": 1}")).hasStatus(HttpStatus.NOT_FOUND);
        for (String body : List.of("{\"count\": 0}", "{\"count\": 11}", "{}")) {
            var refused = requestExtra(project, "q1", admin, body);
            assertThat(refused).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
            assertThat(refused).bodyJson().extractingPath("$.code").isEqualTo("invalid-count");
            assertThat(refused).bodyJson().extractingPath("$.errors[0].field").isEqualTo("count");
        }
        var single = requestExtra(project, "single", admin, "{\"count\": 2}");
        assertThat(single).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(single)
                .bodyJson()
                .extractingPath("$.detail")
                .isEqualTo("Item 'single' has fewer than two candidates, so it cannot be ranked.");
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE extra")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    private org.springframework.test.web.servlet.assertj.MvcTestResult requestExtra(
            TestProject project, String externalId, UserView user, String body) {
        return mvc.post()
                .uri("/api/v1/projects/" + project.slug() + "/items/" + externalId + "/extra-rankings")
                .with(TestData.as(user))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .exchange();
    }
}
