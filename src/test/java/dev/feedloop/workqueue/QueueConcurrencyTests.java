package dev.feedloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import dev.feedloop.workqueue.api.SubmitRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Many annotators on one queue at once, with real threads on a real PostgreSQL. */
@IntegrationTest
class QueueConcurrencyTests {

    @Autowired
    TestData data;

    @Autowired
    WorkQueue queue;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Test
    void twentyAnnotatorsAtOnceOnAnItemNeedingThreeRankingsGetExactlyThreeSlots() throws Exception {
        TestProject project = data.project().demonstrations(0).rankings(3).create();
        long item = data.item(project, "contested", 0, "a", "b", "c");
        List<Person> people = data.people(project, 20, "ANNOTATOR");

        Queue<Map.Entry<Long, ClaimedTask>> claims = new ConcurrentLinkedQueue<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        runAtOnce(
                people.size(),
                i -> queue.next(project.slug(), TaskKind.RANK, people.get(i).principal())
                        .ifPresent(task -> claims.add(Map.entry(people.get(i).id(), task))),
                failures);

        assertThat(failures).isEmpty();
        assertThat(claims).hasSize(3);
        assertThat(claims.stream().map(Map.Entry::getKey).distinct()).hasSize(3);
        assertThat(claims.stream().map(c -> c.getValue().taskId()).distinct()).hasSize(3);
        assertThat(claims).allSatisfy(c -> assertThat(c.getValue().item().id()).isEqualTo(item));
        assertThat(jdbc.sql("SELECT count(*) FROM item_assignment WHERE item_id = ?")
                        .param(item)
                        .query(Long.class)
                        .single())
                .isEqualTo(3);
    }

    @Test
    void tenTabsOfOnePersonAtOnceGetOneAndTheSameTask() throws Exception {
        TestProject project = data.project().demonstrations(0).rankings(3).create();
        data.items(project, "q", 20, 2);
        Person ann = data.people(project, 1, "ANNOTATOR").get(0);

        Queue<ClaimedTask> claims = new ConcurrentLinkedQueue<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        runAtOnce(
                10,
                i -> claims.add(queue.next(project.slug(), TaskKind.RANK, ann.principal())
                        .orElseThrow()),
                failures);

        assertThat(failures).isEmpty();
        assertThat(claims.stream().map(ClaimedTask::taskId).distinct()).hasSize(1);
        assertThat(claims.stream().map(ClaimedTask::leaseToken).distinct()).hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE state = 'LEASED'")
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void theSameSubmitSentEightTimesAtOnceStoresOneJudgment() throws Exception {
        TestProject project = data.project().demonstrations(0).rankings(1).create();
        data.item(project, "one", 0, "a", "b");
        Person ann = data.people(project, 1, "ANNOTATOR").get(0);
        ClaimedTask task =
                queue.next(project.slug(), TaskKind.RANK, ann.principal()).orElseThrow();
        ServiceAnnotators annotators = new ServiceAnnotators(queue, json, project.slug());
        QueueWorkload.Claim claim = new QueueWorkload.Claim(
                task.taskId(),
                task.item().id(),
                task.leaseToken(),
                task.candidates().stream().map(ShownCandidate::id).toList());

        Queue<QueueWorkload.Submitted> answers = new ConcurrentLinkedQueue<>();
        Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        runAtOnce(8, i -> answers.add(annotators.submit(ann, claim)), failures);

        assertThat(failures).isEmpty();
        assertThat(answers).hasSize(8);
        assertThat(answers.stream().filter(QueueWorkload.Submitted::created)).hasSize(1);
        assertThat(answers.stream().map(QueueWorkload.Submitted::judgmentId).distinct())
                .hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM ranking").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void thirtyTwoAnnotatorsWorkTwoThousandItemsToTheEndWithSkipsRepeatsAndAbandonedLeases() throws Exception {
        TestProject project = data.project().demonstrations(0).rankings(3).create();
        data.items(project, "q", 2000, 3);
        List<Person> people = data.people(project, 32 + 600, "ANNOTATOR");
        QueueWorkload workload = new QueueWorkload(jdbc, data, project.id());

        workload.run(new ServiceAnnotators(queue, json, project.slug()), people, 32, Duration.ofMinutes(3));

        workload.verify(2000, 3);
        assertThat(workload.skips.get()).isGreaterThan(300);
        assertThat(workload.abandoned.get()).isGreaterThan(150);
        assertThat(workload.repeats.get()).isGreaterThan(150);
    }

    /** The annotators call the work queue service of this server. */
    record ServiceAnnotators(WorkQueue queue, JsonMapper json, String slug) implements QueueWorkload.Annotators {

        @Override
        public Optional<QueueWorkload.Claim> next(Person person) {
            return queue.next(slug, TaskKind.RANK, person.principal())
                    .map(task -> new QueueWorkload.Claim(
                            task.taskId(),
                            task.item().id(),
                            task.leaseToken(),
                            task.candidates().stream().map(ShownCandidate::id).toList()));
        }

        @Override
        public QueueWorkload.Submitted submit(Person person, QueueWorkload.Claim claim) {
            SubmittedJudgment judgment = queue.submit(
                    claim.taskId(),
                    person.principal(),
                    SubmitRequest.read(json.valueToTree(Map.of(
                            "leaseToken", claim.leaseToken().toString(),
                            "tiers", claim.candidateIds().stream().map(List::of).toList(),
                            "activeSeconds", 12))));
            return new QueueWorkload.Submitted(judgment.judgmentId(), judgment.created());
        }

        @Override
        public void skip(Person person, QueueWorkload.Claim claim) {
            queue.skip(claim.taskId(), person.principal(), claim.leaseToken(), "needs_expertise", null);
        }
    }

    interface Step {
        void run(int index) throws Exception;
    }

    /** Starts {@code count} threads that pass a barrier together, then waits for all of them. */
    static void runAtOnce(int count, Step step, Queue<Throwable> failures) throws InterruptedException {
        CyclicBarrier barrier = new CyclicBarrier(count);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            Thread thread = new Thread(() -> {
                try {
                    barrier.await();
                    step.run(index);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
