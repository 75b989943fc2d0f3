package dev.feedloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.ingest.GoldAnswer;
import dev.feedloop.ingest.Items;
import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.MemberView;
import dev.feedloop.projects.Members;
import dev.feedloop.quality.GoldChecks;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gold items in the queue: handed out at the project's rate as rank tasks like any other, to each
 * person at most once, never as ordinary slots; their rankings measure the person, and a person
 * whose gold accuracy stays too low is paused until an administrator reinstates them.
 */
@IntegrationTest
class GoldTasksTests {

    static final GoldAnswer A_OVER_B = new GoldAnswer(List.of(List.of("a"), List.of("b")), "a");

    @Autowired
    WorkQueue queue;

    @Autowired
    Items items;

    @Autowired
    Members members;

    @Autowired
    GoldChecks goldChecks;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    AccountPrincipal admin;
    Person ann;
    Person bob;

    @BeforeEach
    void setUp() {
        admin = TestData.principal(data.admin());
    }

    TestProject project(int rate, int minimum) {
        TestProject project = data.project()
                .demonstrations(0)
                .rankings(1)
                .set("gold_rate", rate)
                .set("gold_min_judgments", minimum)
                .create();
        List<Person> people = data.people(project, 2, "ANNOTATOR");
        ann = people.get(0);
        bob = people.get(1);
        return project;
    }

    void gold(TestProject project, String externalId) {
        data.item(project, externalId, 0, "a", "b");
        items.setGold(project.slug(), externalId, A_OVER_B, admin);
    }

    Optional<ClaimedTask> next(TestProject project, Person person) {
        return queue.next(project.slug(), TaskKind.RANK, person.principal());
    }

    /** Ranks the task's candidates in the order of {@code importIds}, best first. */
    SubmittedJudgment rank(Person person, ClaimedTask task, List<String> importIds) {
        return queue.submit(task.taskId(), person.principal(), RankSubmits.inOrder(json, task, importIds));
    }

    SubmittedJudgment rankAsShown(Person person, ClaimedTask task) {
        return rank(
                person,
                task,
                task.candidates().stream().map(ShownCandidate::importId).toList());
    }

    /** Claims and ranks until nothing is left; the external ids of the items handed out, in order. */
    List<String> workThrough(TestProject project, Person person) {
        List<String> handed = new ArrayList<>();
        for (Optional<ClaimedTask> task = next(project, person); task.isPresent(); task = next(project, person)) {
            handed.add(task.get().item().externalId());
            rankAsShown(person, task.get());
        }
        return handed;
    }

    @Test
    void everyThirdTaskIsGoldWhileGoldItemsAreLeftAndNoneComesTwice() {
        TestProject project = project(3, 10);
        for (int i = 1; i <= 6; i++) {
            data.item(project, "item-" + i, 0, "a", "b");
        }
        gold(project, "gold-1");
        gold(project, "gold-2");

        List<String> handed = workThrough(project, ann);

        assertThat(handed).hasSize(8);
        assertThat(handed.get(2)).startsWith("gold-");
        assertThat(handed.get(5)).startsWith("gold-");
        assertThat(handed.stream().filter(id -> id.startsWith("gold-"))).containsExactlyInAnyOrder("gold-1", "gold-2");
        assertThat(handed.subList(6, 8)).allMatch(id -> id.startsWith("item-"));
    }

    @Test
    void goldItemsHaveNoOrdinarySlotsAndTheirJudgmentsDoNotCount() {
        TestProject project = project(2, 10);
        jdbc.sql("UPDATE project SET rankings_per_item = 2 WHERE id = ?")
                .param(project.id())
                .update();
        data.item(project, "plain", 0, "a", "b");
        gold(project, "gold-1");

        assertThat(rankSlots("gold-1"))
                .as("ordinary rank slots of the gold item")
                .isZero();
        assertThat(workThrough(project, ann)).containsExactly("plain", "gold-1");
        assertThat(workThrough(project, bob)).containsExactly("plain", "gold-1");

        assertThat(rankSlots("gold-1")).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE project_id = ? AND gold_for IS NOT NULL")
                        .param(project.id())
                        .query(Long.class)
                        .single())
                .as("one gold task per person")
                .isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE project_id = ? AND gold_for IS NULL AND state = 'DONE'")
                        .param(project.id())
                        .query(Long.class)
                        .single())
                .as("the plain item's two required rankings, and nothing for the gold item")
                .isEqualTo(2);
    }

    @Test
    void clearingGoldGivesTheItemItsOrdinarySlotsBack() {
        TestProject project = project(2, 10);
        gold(project, "g");
        assertThat(rankSlots("g")).isZero();

        items.clearGold(project.slug(), "g", admin);

        assertThat(rankSlots("g")).isEqualTo(1);
    }

    @Test
    void aReleasedGoldTaskGoesBackToItsPersonOnlyWithItsOrder() {
        TestProject project = project(1, 10);
        gold(project, "g");

        ClaimedTask first = next(project, ann).orElseThrow();
        queue.release(first.taskId(), ann.principal(), first.leaseToken());

        assertThat(next(project, bob)).map(t -> t.taskId()).isNotEqualTo(Optional.of(first.taskId()));
        ClaimedTask again = next(project, ann).orElseThrow();
        assertThat(again.taskId()).isEqualTo(first.taskId());
        assertThat(again.candidates()).isEqualTo(first.candidates());
    }

    @Test
    void twoTabsAtOnceGetTheSameGoldTaskAndEveryoneGetsTheirOwn() throws Exception {
        TestProject project = project(1, 10);
        gold(project, "g");
        List<Person> people = data.people(project, 6, "ANNOTATOR");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Long>> sameTabs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sameTabs.add(pool.submit(() -> next(project, ann).orElseThrow().taskId()));
            }
            List<java.util.concurrent.Future<Long>> others = new ArrayList<>();
            for (Person person : people) {
                others.add(pool.submit(() -> next(project, person).orElseThrow().taskId()));
            }
            java.util.Set<Long> annTasks = new java.util.HashSet<>();
            for (var f : sameTabs) {
                annTasks.add(f.get());
            }
            java.util.Set<Long> otherTasks = new java.util.HashSet<>();
            for (var f : others) {
                otherTasks.add(f.get());
            }
            assertThat(annTasks).hasSize(1);
            assertThat(otherTasks).hasSize(people.size()).doesNotContainAnyElementsOf(annTasks);
        } finally {
            pool.shutdownNow();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE project_id = ? AND gold_for IS NOT NULL")
                        .param(project.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(people.size() + 1);
    }

    @Test
    void goldTasksLookLikeAnyOther() {
        TestProject project = project(1, 10);
        data.item(project, "plain", 0, "a", "b");
        gold(project, "g");

        ClaimedTask gold = next(project, ann).orElseThrow();
        rankAsShown(ann, gold);
        ClaimedTask ordinary = next(project, ann).orElseThrow();

        assertThat(gold.item().externalId()).isEqualTo("g");
        assertThat(ordinary.item().externalId()).isEqualTo("plain");
        assertThat(gold.getClass()).isEqualTo(ordinary.getClass());
        assertThat(gold.candidates()).extracting(ShownCandidate::id).containsExactly("A", "B");
        assertThat(gold.candidates()).extracting(ShownCandidate::model).containsOnlyNulls();
    }

    @Test
    void wrongGoldJudgmentsPauseAfterTheMinimumAndReinstatingStartsCountingAgain() {
        TestProject project = project(1, 2);
        gold(project, "g1");
        gold(project, "g2");
        gold(project, "g3");
        data.item(project, "plain", 0, "a", "b");

        ClaimedTask first = next(project, ann).orElseThrow();
        rank(ann, first, List.of("b", "a"));
        assertThat(pauseOf(project, ann))
                .as("one wrong judgment is below the minimum")
                .isNull();
        ClaimedTask second = next(project, ann).orElseThrow();
        rank(ann, second, List.of("b", "a"));

        MemberView paused = member(project, ann);
        assertThat(paused.pause()).isNotNull();
        assertThat(paused.pause().reason()).isEqualTo("GOLD");
        assertThat(paused.pause().accuracy()).isZero();
        assertThat(paused.pause().judgments()).isEqualTo(2);
        assertThatThrownBy(() -> next(project, ann)).isInstanceOfSatisfying(Refusal.class, r -> {
            assertThat(r.status()).isEqualTo(HttpStatus.CONFLICT.value());
            assertThat(r.messageCode()).isEqualTo("workqueue.error.paused");
        });
        assertThat(goldChecks.accuracy(project.id(), ann.id(), null).pairs()).isEqualTo(2);

        members.reinstate(project.slug(), username(ann), admin);

        assertThat(member(project, ann).pause()).isNull();
        assertThat(member(project, ann).reinstatedAt()).isNotNull();
        assertThat(goldChecks.accuracy(
                        project.id(), ann.id(), member(project, ann).reinstatedAt()))
                .as("accuracy counts from the reinstatement")
                .extracting(a -> a.judgments())
                .isEqualTo(0);
        ClaimedTask third = next(project, ann).orElseThrow();
        assertThat(third.item().externalId())
                .startsWith("g")
                .isNotIn(first.item().externalId(), second.item().externalId());
        rank(ann, third, List.of("b", "a"));
        assertThat(member(project, ann).pause())
                .as("one wrong judgment since reinstating")
                .isNull();
    }

    @Test
    void rightGoldJudgmentsKeepThePersonWorking() {
        TestProject project = project(1, 2);
        gold(project, "g1");
        gold(project, "g2");
        data.item(project, "plain", 0, "a", "b");

        rank(ann, next(project, ann).orElseThrow(), List.of("a", "b"));
        rank(ann, next(project, ann).orElseThrow(), List.of("a", "b"));

        assertThat(pauseOf(project, ann)).isNull();
        assertThat(goldChecks.accuracy(project.id(), ann.id(), null).accuracy()).isEqualTo(1.0);
        assertThat(next(project, ann)).map(t -> t.item().externalId()).contains("plain");
    }

    @Test
    void aPausedPersonKeepsTheLeaseTheyHoldButGetsNoNewTask() {
        TestProject project = project(0, 10);
        data.item(project, "one", 0, "a", "b");
        data.item(project, "two", 0, "a", "b");
        ClaimedTask held = next(project, ann).orElseThrow();

        members.pause(project.slug(), username(ann), admin);

        assertThat(member(project, ann).pause().reason()).isEqualTo("MANUAL");
        assertThat(next(project, ann)).map(ClaimedTask::taskId).contains(held.taskId());
        assertThat(rankAsShown(ann, held).created()).isTrue();
        assertThatThrownBy(() -> next(project, ann)).isInstanceOf(Refusal.class);
        assertThat(queue.nextAfter(held.taskId(), ann.principal())).isEmpty();

        members.reinstate(project.slug(), username(ann), admin);
        assertThat(next(project, ann)).map(t -> t.item().externalId()).contains("two");
    }

    @Test
    void onlyAdministratorsPauseAndReinstate() {
        TestProject project = project(0, 10);
        assertThatThrownBy(() -> members.pause(project.slug(), username(ann), bob.principal()))
                .isInstanceOfSatisfying(
                        Refusal.class, r -> assertThat(r.status()).isEqualTo(403));
        assertThatThrownBy(() -> members.reinstate(project.slug(), username(ann), bob.principal()))
                .isInstanceOfSatisfying(
                        Refusal.class, r -> assertThat(r.status()).isEqualTo(403));
        assertThat(member(project, ann).pause()).isNull();
    }

    private long rankSlots(String externalId) {
        return jdbc.sql("""
                        SELECT count(*) FROM task t JOIN item i ON i.id = t.item_id
                        WHERE i.external_id = ? AND t.kind = 'RANK' AND t.gold_for IS NULL
                        """).param(externalId).query(Long.class).single();
    }

    private MemberView member(TestProject project, Person person) {
        return members.list(project.slug(), admin).stream()
                .filter(m -> m.userId() == person.id())
                .findFirst()
                .orElseThrow();
    }

    private dev.feedloop.projects.Pause pauseOf(TestProject project, Person person) {
        return member(project, person).pause();
    }

    private static String username(Person person) {
        return person.principal().getUsername();
    }
}
