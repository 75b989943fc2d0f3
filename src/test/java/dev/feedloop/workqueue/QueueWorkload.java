package dev.feedloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Annotator threads working a rank queue until nothing is left: claim, then 10 % skip, 5 % abandon
 * the lease (the person leaves for good and the lease runs out; the thread carries on as a new
 * person), the rest submit a ranking, and 5 % submit it a second time. Then checks what the
 * database holds against everything the threads were told.
 */
final class QueueWorkload {

    /** How the threads reach the queue: through the service of one server, or over HTTP to several. */
    interface Annotators {
        Optional<Claim> next(Person person);

        Submitted submit(Person person, Claim claim);

        void skip(Person person, Claim claim);
    }

    record Claim(long taskId, long itemId, UUID leaseToken, List<String> candidateIds) {}

    /**
     * A submit's answer: the stored judgment, or {@link #UNNAMED} when the answer does not name it
     * (a page's redirect), and whether this submit stored it.
     */
    record Submitted(long judgmentId, boolean created) {
        static final long UNNAMED = 0;
    }

    /** A submit the queue acknowledged. */
    record Ack(long judgmentId, long personId, long taskId, long itemId) {

        String what() {
            return personId + "/" + taskId + "/" + itemId;
        }
    }

    private final JdbcClient jdbc;
    private final TestData data;
    private final long projectId;

    final List<Ack> acks = new ArrayList<>();
    final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    final AtomicInteger skips = new AtomicInteger();
    final AtomicInteger abandoned = new AtomicInteger();
    final AtomicInteger repeats = new AtomicInteger();

    QueueWorkload(JdbcClient jdbc, TestData data, long projectId) {
        this.jdbc = jdbc;
        this.data = data;
        this.projectId = projectId;
    }

    /**
     * Runs {@code threads} annotators, the first ones from {@code people}; a thread that abandons a
     * lease takes the next person of {@code people}.
     */
    void run(Annotators annotators, List<Person> people, int threads, Duration limit) throws InterruptedException {
        run(Thread.ofPlatform(), annotators, people, threads, limit);
    }

    /**
     * As {@link #run(Annotators, List, int, Duration)}, on threads of {@code kind}: virtual ones for
     * annotators that wait on HTTP answers.
     */
    void run(Thread.Builder kind, Annotators annotators, List<Person> people, int threads, Duration limit)
            throws InterruptedException {
        Queue<Person> spare = new ConcurrentLinkedQueue<>(people.subList(threads, people.size()));
        Queue<Ack> acknowledged = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + limit.toNanos();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Person first = people.get(t);
            Random random = new Random(31L * t + 7);
            Thread worker = kind.name("annotator-" + t).unstarted(() -> {
                try {
                    start.await();
                    work(annotators, first, spare, random, acknowledged, deadline);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            workers.add(worker);
            worker.start();
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        acks.addAll(acknowledged);
    }

    private void work(
            Annotators annotators,
            Person first,
            Queue<Person> spare,
            Random random,
            Queue<Ack> acknowledged,
            long deadline)
            throws InterruptedException {
        Person me = first;
        while (true) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the queue was not empty in time");
            }
            Optional<Claim> next = annotators.next(me);
            if (next.isEmpty()) {
                if (openTasks() == 0) {
                    return;
                }
                Thread.sleep(20);
                continue;
            }
            Claim claim = next.get();
            double roll = random.nextDouble();
            if (roll < 0.10) {
                annotators.skip(me, claim);
                skips.incrementAndGet();
            } else if (roll < 0.15) {
                data.expireLease(claim.taskId());
                abandoned.incrementAndGet();
                me = spare.poll();
                if (me == null) {
                    throw new AssertionError("ran out of people");
                }
            } else {
                Submitted submitted = annotators.submit(me, claim);
                assertThat(submitted.created()).isTrue();
                acknowledged.add(new Ack(submitted.judgmentId(), me.id(), claim.taskId(), claim.itemId()));
                if (roll < 0.20) {
                    Submitted again = annotators.submit(me, claim);
                    assertThat(again.created()).isFalse();
                    assertThat(again.judgmentId()).isEqualTo(submitted.judgmentId());
                    repeats.incrementAndGet();
                }
            }
        }
    }

    private long openTasks() {
        return jdbc.sql("SELECT count(*) FROM task WHERE project_id = ? AND state <> 'DONE'")
                .param(projectId)
                .query(Long.class)
                .single();
    }

    /**
     * Every item has exactly {@code perItem} on-time rankings from as many different people, nobody
     * ranked an item twice, every acknowledged submit is stored as acknowledged, nothing is left
     * leased, and every task was completed by the lease it was completed with.
     */
    void verify(int items, int perItem) {
        assertThat(failures).as("failures in annotator threads").isEmpty();

        List<Map<String, Object>> perItemCounts =
                jdbc.sql("""
                        SELECT i.id,
                               count(r.id) FILTER (WHERE NOT r.late) AS on_time,
                               count(DISTINCT r.annotator_id) FILTER (WHERE NOT r.late) AS people
                        FROM item i LEFT JOIN ranking r ON r.item_id = i.id
                        WHERE i.project_id = ?
                        GROUP BY i.id
                        """).param(projectId).query().listOfRows();
        assertThat(perItemCounts).hasSize(items);
        assertThat(perItemCounts).allSatisfy(row -> {
            assertThat(((Number) row.get("on_time")).intValue()).isEqualTo(perItem);
            assertThat(((Number) row.get("people")).intValue()).isEqualTo(perItem);
        });

        assertThat(jdbc.sql("""
                        SELECT count(*) FROM (
                            SELECT item_id, annotator_id FROM ranking WHERE project_id = ?
                            GROUP BY item_id, annotator_id HAVING count(*) > 1) twice
                        """).param(projectId).query(Long.class).single())
                .as("people who ranked an item twice")
                .isZero();

        // person/task/item -> judgment id; a second ranking of one person's task would fail here too
        Map<String, Long> stored = jdbc
                .sql("""
                        SELECT id, annotator_id || '/' || task_id || '/' || item_id AS what FROM ranking WHERE project_id = ?
                        """)
                .param(projectId)
                .query((rs, n) -> Map.entry(rs.getString("what"), rs.getLong("id")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        Set<String> acknowledged = new HashSet<>();
        for (Ack ack : acks) {
            assertThat(acknowledged.add(ack.what()))
                    .as("acknowledged twice: %s", ack)
                    .isTrue();
            assertThat(stored).as("acknowledged judgment %s", ack).containsKey(ack.what());
            if (ack.judgmentId() != Submitted.UNNAMED) {
                assertThat(stored.get(ack.what()))
                        .as("acknowledged judgment %s", ack)
                        .isEqualTo(ack.judgmentId());
            }
        }
        assertThat(stored.keySet())
                .as("nothing stored that was not acknowledged")
                .isEqualTo(acknowledged);

        assertThat(jdbc.sql("SELECT state, count(*) AS n FROM task WHERE project_id = ? GROUP BY state")
                        .param(projectId)
                        .query((rs, n) -> rs.getString("state") + "=" + rs.getLong("n"))
                        .list())
                .containsExactly("DONE=" + (long) items * perItem);
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM task t
                        WHERE t.project_id = ? AND NOT EXISTS (
                            SELECT 1 FROM ranking r
                            WHERE r.task_id = t.id AND r.lease_token = t.lease_token
                              AND r.annotator_id = t.assignee_id AND NOT r.late)
                        """).param(projectId).query(Long.class).single())
                .as("tasks not completed by the ranking of their lease")
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM task_skip t JOIN item i ON i.id = t.item_id WHERE i.project_id = ?")
                        .param(projectId)
                        .query(Long.class)
                        .single())
                .isEqualTo(skips.get());
    }
}
