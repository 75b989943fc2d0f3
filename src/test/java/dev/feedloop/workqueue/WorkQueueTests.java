package dev.feedloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.problems.Refusal;
import dev.feedloop.ranking.RankingView;
import dev.feedloop.ranking.Rankings;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import dev.feedloop.workqueue.api.SubmitRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** The queue's use cases on a real PostgreSQL, one person at a time. */
@IntegrationTest
class WorkQueueTests {

    @Autowired
    WorkQueue queue;

    @Autowired
    Rankings rankings;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    TestProject project;
    Person ann;
    Person bob;

    @BeforeEach
    void setUp() {
        project = data.project().demonstrations(0).rankings(2).create();
        List<Person> people = data.people(project, 2, "ANNOTATOR", "LABELER");
        ann = people.get(0);
        bob = people.get(1);
    }

    @Test
    void handsOutHighestPriorityFirstThenOldest() {
        long old = data.item(project, "old", 0, "a", "b");
        long urgent = data.item(project, "urgent", 5, "a", "b");
        data.item(project, "new", 0, "a", "b");

        assertThat(next(ann).item().id()).isEqualTo(urgent);
        assertThat(next(bob).item().id()).isEqualTo(urgent);
        Person carol = data.people(project, 1, "ANNOTATOR").get(0);
        assertThat(next(carol).item().id()).isEqualTo(old);
    }

    @Test
    void refreshOrSecondTabGetsTheSameLease() {
        data.item(project, "one", 0, "a", "b");
        data.item(project, "two", 0, "a", "b");

        ClaimedTask first = next(ann);
        ClaimedTask again = next(ann);

        assertThat(again.taskId()).isEqualTo(first.taskId());
        assertThat(again.leaseToken()).isEqualTo(first.leaseToken());
        assertThat(again.candidates()).isEqualTo(first.candidates());
    }

    @Test
    void personNeverGetsTwoSlotsOfOneItem() {
        long item = data.item(project, "one", 0, "a", "b");
        ClaimedTask first = next(ann);
        submitRanking(ann, first);

        assertThat(queue.next(project.slug(), TaskKind.RANK, ann.principal())).isEmpty();
        ClaimedTask second = next(bob);
        assertThat(second.item().id()).isEqualTo(item);
        assertThat(second.taskId()).isNotEqualTo(first.taskId());
    }

    @Test
    void rankTaskShowsCandidatesInItsOwnFixedOrderWithModelNamesHidden() {
        data.item(project, "one", 0, "a", "b", "c", "d");
        ClaimedTask task = next(ann);

        List<String> order = jdbc.sql("SELECT candidate_order::text FROM task WHERE id = ?")
                .param(task.taskId())
                .query((rs, n) -> List.of(json.readValue(rs.getString(1), String[].class)))
                .single();
        assertThat(task.candidates()).extracting(ShownCandidate::importId).containsExactlyElementsOf(order);
        assertThat(task.candidates())
                .as("named by opaque labels in the order shown")
                .extracting(ShownCandidate::id)
                .containsExactly("A", "B", "C", "D");
        assertThat(order).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(task.candidates()).extracting(ShownCandidate::model).containsOnlyNulls();
        assertThat(task.candidates()).extracting(ShownCandidate::content).allMatch(c -> c.startsWith("answer "));
    }

    @Test
    void claimRecordsTheGuidelineVersionShown() {
        data.guidelines(project, "first");
        int version = data.guidelines(project, "second");
        data.item(project, "one", 0, "a", "b");

        ClaimedTask task = next(ann);
        long id = submitRanking(ann, task).judgmentId();

        assertThat(task.guidelineVersion()).isEqualTo(version);
        assertThat(rankings.find(id).orElseThrow().guidelineVersion()).isEqualTo(version);
    }

    @Test
    void submitStoresTheRankingWithItsContextAndCompletesTheTask() {
        data.item(project, "one", 0, "a", "b", "c");
        ClaimedTask task = next(ann);
        List<String> shown = ids(task);
        List<String> imported =
                task.candidates().stream().map(ShownCandidate::importId).toList();

        SubmittedJudgment result = queue.submit(
                task.taskId(),
                ann.principal(),
                body(Map.of(
                        "leaseToken", task.leaseToken().toString(),
                        "tiers", List.of(List.of(shown.get(2)), List.of(shown.get(0), shown.get(1))),
                        "ratings", Map.of(shown.get(2), Map.of("helpfulness", 6)),
                        "flags", Map.of(shown.get(0), List.of("hallucination", "hallucination")),
                        "rationale", "  The first is best.  ",
                        "activeSeconds", 40)));

        assertThat(result.created()).isTrue();
        assertThat(result.late()).isFalse();
        RankingView ranking = rankings.find(result.judgmentId()).orElseThrow();
        assertThat(ranking.annotatorId()).isEqualTo(ann.id());
        assertThat(ranking.tiers())
                .containsExactly(List.of(imported.get(2)), List.of(imported.get(0), imported.get(1)));
        assertThat(ranking.displayedOrder()).isEqualTo(imported);
        assertThat(ranking.ratings()).isEqualTo(Map.of(imported.get(2), Map.of("helpfulness", 6)));
        assertThat(ranking.flags()).isEqualTo(Map.of(imported.get(0), List.of("hallucination")));
        assertThat(ranking.rationale()).isEqualTo("The first is best.");
        assertThat(ranking.activeSeconds()).isEqualTo(40);
        assertThat(ranking.late()).isFalse();
        assertThat(ranking.startedAt()).isNotNull().isBeforeOrEqualTo(ranking.submittedAt());
        assertThat(taskState(task.taskId())).isEqualTo("DONE");
        assertThat(assignmentState(task, ann)).isEqualTo("JUDGED");
    }

    @Test
    void repeatedSubmitAnswersTheSameJudgmentAndStoresNothingNew() {
        data.item(project, "one", 0, "a", "b");
        ClaimedTask task = next(ann);

        SubmittedJudgment first = submitRanking(ann, task);
        SubmittedJudgment again = submitRanking(ann, task);

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.judgmentId()).isEqualTo(first.judgmentId());
        assertThat(count("ranking")).isEqualTo(1);
    }

    @Test
    void wrongTokenIsRefusedAndNothingIsStored() {
        data.item(project, "one", 0, "a", "b");
        ClaimedTask task = next(ann);

        assertThatThrownBy(() -> queue.submit(
                        task.taskId(),
                        ann.principal(),
                        body(Map.of("leaseToken", UUID.randomUUID().toString(), "tiers", List.of(ids(task))))))
                .isInstanceOf(Refusal.class)
                .extracting(e -> ((Refusal) e).getStatusCode().value())
                .isEqualTo(409);
        assertThat(count("ranking")).isZero();
        assertThat(taskState(task.taskId())).isEqualTo("LEASED");
    }

    @Test
    void anotherPersonsTaskIsRefusedEvenWithItsToken() {
        data.item(project, "one", 0, "a", "b");
        ClaimedTask task = next(ann);

        assertThatThrownBy(() -> submitRanking(bob, task))
                .isInstanceOf(Refusal.class)
                .extracting(e -> ((Refusal) e).getStatusCode().value())
                .isEqualTo(403);
        AccountPrincipal stranger = TestData.principal(data.user());
        assertThatThrownBy(() -> submitRanking(stranger, task))
                .isInstanceOf(Refusal.class)
                .extracting(e -> ((Refusal) e).getStatusCode().value())
                .isEqualTo(404);
        assertThat(count("ranking")).isZero();
        assertThat(taskState(task.taskId())).isEqualTo("LEASED");
    }

    @Test
    void invalidRankingIsRefusedWithFieldErrorsAndTheLeaseStays() {
        data.item(project, "one", 0, "a", "b");
        ClaimedTask task = next(ann);

        assertThatThrownBy(() -> queue.submit(
                        task.taskId(),
                        ann.principal(),
                        body(Map.of("leaseToken", task.leaseToken().toString(), "tiers", List.of(List.of("a"))))))
                .isInstanceOfSatisfying(Refusal.class, e -> {
                    assertThat(e.getStatusCode().value()).isEqualTo(400);
                    assertThat(e.getBody().getProperties()).containsKey("errors");
                });
        assertThat(count("ranking")).isZero();
        assertThat(taskState(task.taskId())).isEqualTo("LEASED");
        assertThat(assignmentState(task, ann)).isEqualTo("LEASED");
    }

    @Test
    void expiredLeaseGoesToSomeoneElseAndTheLateSubmitIsKeptAsAnExtra() {
        project = data.project().demonstrations(0).rankings(1).create();
        data.member(project, ann.id(), "ANNOTATOR");
        data.member(project, bob.id(), "ANNOTATOR");
        data.item(project, "one", 0, "a", "b");
        ClaimedTask annsTask = next(ann);
        data.expireLease(annsTask.taskId());

        ClaimedTask bobsTask = next(bob);
        assertThat(bobsTask.taskId()).isEqualTo(annsTask.taskId());
        assertThat(bobsTask.leaseToken()).isNotEqualTo(annsTask.leaseToken());

        SubmittedJudgment late = submitRanking(ann, annsTask);
        assertThat(late.late()).isTrue();
        assertThat(rankings.find(late.judgmentId()).orElseThrow().late()).isTrue();
        assertThat(taskState(bobsTask.taskId())).isEqualTo("LEASED");
        assertThat(jdbc.sql("SELECT lease_token FROM task WHERE id = ?")
                        .param(bobsTask.taskId())
                        .query(UUID.class)
                        .single())
                .isEqualTo(bobsTask.leaseToken());
        assertThat(submitRanking(ann, annsTask).judgmentId()).isEqualTo(late.judgmentId());

        SubmittedJudgment onTime = submitRanking(bob, bobsTask);
        assertThat(onTime.late()).isFalse();
        assertThat(taskState(bobsTask.taskId())).isEqualTo("DONE");
        assertThat(count("ranking")).isEqualTo(2);
    }

    @Test
    void expiredLeaseNobodyTookIsStillTheHoldersAndRenewedOnNext() {
        data.item(project, "one", 0, "a", "b");
        ClaimedTask task = next(ann);
        data.expireLease(task.taskId());

        ClaimedTask again = next(ann);

        assertThat(again.taskId()).isEqualTo(task.taskId());
        assertThat(again.leaseToken()).isEqualTo(task.leaseToken());
        assertThat(again.leaseExpiresAt()).isAfter(Instant.now());
        assertThat(submitRanking(ann, task).late()).isFalse();
    }

    @Test
    void heartbeatExtendsTheLease() {
        data.item(project, "one", 0, "a", "b");
        ClaimedTask task = next(ann);
        data.expireLease(task.taskId());

        Instant expiresAt = queue.heartbeat(task.taskId(), ann.principal(), task.leaseToken());

        assertThat(expiresAt).isAfter(Instant.now().plusSeconds(29 * 60));
        assertThatThrownBy(() -> queue.heartbeat(task.taskId(), ann.principal(), UUID.randomUUID()))
                .isInstanceOf(Refusal.class);
    }

    @Test
    void heartbeatAfterTheLeaseWasLostSaysSo() {
        project = data.project().demonstrations(0).rankings(1).create();
        data.member(project, ann.id(), "ANNOTATOR");
        data.member(project, bob.id(), "ANNOTATOR");
        data.item(project, "one", 0, "a", "b");
        ClaimedTask task = next(ann);
        data.expireLease(task.taskId());
        next(bob);

        assertThatThrownBy(() -> queue.heartbeat(task.taskId(), ann.principal(), task.leaseToken()))
                .isInstanceOfSatisfying(
                        Refusal.class,
                        e -> assertThat(e.getBody().getProperties()).containsEntry("code", "lease-lost"));
    }

    @Test
    void releaseReopensAtOnceAndThePersonMayHaveTheItemAgain() {
        project = data.project().demonstrations(0).rankings(1).create();
        data.member(project, ann.id(), "ANNOTATOR");
        data.member(project, bob.id(), "ANNOTATOR");
        long item = data.item(project, "one", 0, "a", "b");
        ClaimedTask task = next(ann);

        queue.release(task.taskId(), ann.principal(), task.leaseToken());
        queue.release(task.taskId(), ann.principal(), task.leaseToken());

        assertThat(taskState(task.taskId())).isEqualTo("OPEN");
        ClaimedTask again = next(ann);
        assertThat(again.item().id()).isEqualTo(item);
        assertThat(again.leaseToken()).isNotEqualTo(task.leaseToken());
    }

    @Test
    void submitAfterReleasingWhileTheTaskIsStillFreeCompletesIt() {
        data.item(project, "one", 0, "a", "b");
        ClaimedTask task = next(ann);
        queue.release(task.taskId(), ann.principal(), task.leaseToken());

        SubmittedJudgment result = submitRanking(ann, task);

        assertThat(result.late()).isFalse();
        assertThat(taskState(task.taskId())).isEqualTo("DONE");
    }

    @Test
    void skipNeedsAKnownReasonAndANoteForOther() {
        data.item(project, "one", 0, "a", "b");
        ClaimedTask task = next(ann);

        assertThatThrownBy(() -> queue.skip(task.taskId(), ann.principal(), task.leaseToken(), "bored", null))
                .isInstanceOf(Refusal.class);
        assertThatThrownBy(() -> queue.skip(task.taskId(), ann.principal(), task.leaseToken(), "other", " "))
                .isInstanceOf(Refusal.class);
        assertThat(taskState(task.taskId())).isEqualTo("LEASED");
    }

    @Test
    void skipReopensTheTaskForOthersAndThePersonNeverGetsTheItemAgain() {
        project = data.project().demonstrations(0).rankings(1).create();
        data.member(project, ann.id(), "ANNOTATOR");
        data.member(project, bob.id(), "ANNOTATOR");
        long item = data.item(project, "one", 0, "a", "b");
        ClaimedTask task = next(ann);

        queue.skip(task.taskId(), ann.principal(), task.leaseToken(), "other", "I wrote this prompt");
        queue.skip(task.taskId(), ann.principal(), task.leaseToken(), "other", "I wrote this prompt");

        assertThat(taskState(task.taskId())).isEqualTo("OPEN");
        assertThat(queue.next(project.slug(), TaskKind.RANK, ann.principal())).isEmpty();
        assertThat(next(bob).item().id()).isEqualTo(item);
        assertThat(jdbc.sql("SELECT reason_code || ':' || reason_text FROM task_skip")
                        .query(String.class)
                        .list())
                .containsExactly("other:I wrote this prompt");
        assertThatThrownBy(() -> submitRanking(ann, task))
                .isInstanceOfSatisfying(
                        Refusal.class,
                        e -> assertThat(e.getBody().getProperties()).containsEntry("code", "already-skipped"));
    }

    @Test
    void emptyWhenNothingIsLeftForThePerson() {
        assertThat(queue.next(project.slug(), TaskKind.RANK, ann.principal())).isEmpty();
        data.item(project, "one", 0, "a");
        assertThat(queue.next(project.slug(), TaskKind.RANK, ann.principal()))
                .as("one candidate is nothing to rank")
                .isEmpty();
    }

    @Test
    void onlyActiveProjectsHandOutWorkAndOnlyToPeopleWithTheRole() {
        TestProject paused = data.project().status("PAUSED").create();
        data.member(paused, ann.id(), "ANNOTATOR");
        data.item(paused, "one", 0, "a", "b");
        assertThatThrownBy(() -> queue.next(paused.slug(), TaskKind.RANK, ann.principal()))
                .isInstanceOfSatisfying(
                        Refusal.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(409));

        data.member(project, bob.id(), "LABELER");
        data.item(project, "two", 0, "a", "b");
        assertThatThrownBy(() -> queue.next(project.slug(), TaskKind.RANK, bob.principal()))
                .extracting(e -> ((org.springframework.web.ErrorResponseException) e)
                        .getStatusCode()
                        .value())
                .isEqualTo(403);
        AccountPrincipal stranger = TestData.principal(data.user());
        assertThatThrownBy(() -> queue.next(project.slug(), TaskKind.RANK, stranger))
                .extracting(e -> ((org.springframework.web.ErrorResponseException) e)
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
    }

    @Test
    void administratorsSeeLeasesAndCanReleaseOne() {
        data.item(project, "one", 0, "a", "b");
        ClaimedTask task = next(ann);
        AccountPrincipal admin = TestData.principal(data.admin());

        List<LeaseView> leases = queue.leases(project.slug(), admin);

        assertThat(leases).singleElement().satisfies(lease -> {
            assertThat(lease.taskId()).isEqualTo(task.taskId());
            assertThat(lease.userId()).isEqualTo(ann.id());
            assertThat(lease.username()).isEqualTo(ann.principal().getUsername());
            assertThat(lease.itemExternalId()).isEqualTo("one");
            assertThat(lease.leasedAt()).isBefore(lease.leaseExpiresAt());
            assertThat(lease.expired()).isFalse();
        });
        assertThatThrownBy(() -> queue.leases(project.slug(), ann.principal())).isInstanceOf(Refusal.class);

        queue.releaseLease(project.slug(), task.taskId(), admin);

        assertThat(taskState(task.taskId())).isEqualTo("OPEN");
        assertThat(queue.leases(project.slug(), admin)).isEmpty();
        assertThat(submitRanking(ann, task).late())
                .as("work done under a released lease is kept")
                .isFalse();
    }

    private ClaimedTask next(Person person) {
        return queue.next(project.slug(), TaskKind.RANK, person.principal()).orElseThrow();
    }

    private SubmittedJudgment submitRanking(Person person, ClaimedTask task) {
        return submitRanking(person.principal(), task);
    }

    private SubmittedJudgment submitRanking(AccountPrincipal person, ClaimedTask task) {
        List<List<String>> tiers = ids(task).stream().map(List::of).toList();
        return queue.submit(
                task.taskId(),
                person,
                body(Map.of("leaseToken", task.leaseToken().toString(), "tiers", tiers, "activeSeconds", 5)));
    }

    private static List<String> ids(ClaimedTask task) {
        return task.candidates().stream().map(ShownCandidate::id).toList();
    }

    private Submission body(Map<String, Object> fields) {
        return SubmitRequest.read(json.valueToTree(fields));
    }

    private String taskState(long taskId) {
        return jdbc.sql("SELECT state FROM task WHERE id = ?")
                .param(taskId)
                .query(String.class)
                .single();
    }

    private String assignmentState(ClaimedTask task, Person person) {
        return jdbc.sql("SELECT state FROM item_assignment WHERE item_id = ? AND kind = 'RANK' AND user_id = ?")
                .params(task.item().id(), person.id())
                .query(String.class)
                .single();
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
