package dev.feedloop.bench;

import dev.feedloop.FeedloopApplication;
import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.quality.History;
import dev.feedloop.review.Reviews;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The review page's queue query and the history page's query on a large project: N demonstrations,
 * of which all but the newest 1 % were reviewed already (the worst case for "oldest unreviewed
 * first"), and one labeler with thousands of judgments. Prints p50/p99 per page load next to the
 * raw SQL (one index probe: the oldest demonstration) in the same run.
 *
 * <pre>
 * ./mvnw -Pbench test-compile exec:exec -Dbench.class=dev.feedloop.bench.ReviewQueueBenchmark
 * </pre>
 *
 * Arguments (via {@code -Dbench.args="..."}): demonstrations (200000), repetitions (200).
 */
public final class ReviewQueueBenchmark {

    public static void main(String[] args) throws Exception {
        int demonstrations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (BenchDatabase db = BenchDatabase.start(Duration.ofSeconds(60));
                ConfigurableApplicationContext app = new SpringApplicationBuilder(FeedloopApplication.class)
                        .properties(db.serverProperties(
                                "server.port=0",
                                "server.address=127.0.0.1",
                                "spring.main.banner-mode=off",
                                "logging.level.root=WARN",
                                "feedloop.admin.password=bench-admin-password"))
                        .run()) {
            run(app, demonstrations, repetitions);
        }
    }

    private static void run(ConfigurableApplicationContext app, int demonstrations, int repetitions) {
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        TestData data = TestData.in(app);
        TestProject project = data.project().demonstrations(1).rankings(0).create();
        List<Person> labelers = data.people(project, 20, "LABELER");
        AccountPrincipal reviewer = data.people(project, 1, "REVIEWER").get(0).principal();
        long setup = System.nanoTime();
        data.items(project, "q", demonstrations, 2);
        // Every WRITE task done by one of the labelers, as if the queue had run; the oldest 99 % reviewed.
        jdbc.sql("""
                        WITH t AS (SELECT id, item_id, row_number() OVER (ORDER BY id) AS n FROM task WHERE kind = 'WRITE')
                        INSERT INTO demonstration (task_id, item_id, project_id, author_id, content, submitted_at, active_seconds)
                        SELECT t.id, t.item_id, :project, (:labelers)[1 + t.n % 20], 'Answer ' || t.n,
                               now() - make_interval(secs => :count - t.n), 60
                        FROM t
                        """)
                .param("project", project.id())
                .param("labelers", labelers.stream().map(Person::id).toArray(Long[]::new))
                .param("count", demonstrations)
                .update();
        jdbc.sql("UPDATE task SET state = 'DONE', done_at = now() WHERE kind = 'WRITE'").update();
        jdbc.sql("""
                        INSERT INTO review (demonstration_id, reviewer_id, decision)
                        SELECT id, :reviewer, 'APPROVED' FROM demonstration
                        ORDER BY submitted_at, id LIMIT :reviewed
                        """)
                .param("reviewer", reviewer.id())
                .param("reviewed", demonstrations - demonstrations / 100)
                .update();
        // What the DemonstrationSubmitted listener and the decisions leave in the review queue.
        jdbc.sql("""
                        INSERT INTO review_pending (demonstration_id, project_id, author_id, submitted_at)
                        SELECT d.id, d.project_id, d.author_id, d.submitted_at FROM demonstration d
                        WHERE NOT EXISTS (SELECT 1 FROM review r WHERE r.demonstration_id = d.id)
                        """)
                .update();
        jdbc.sql("VACUUM ANALYZE").update();
        System.out.printf(
                Locale.ROOT,
                "%n%,d demonstrations (%,d reviewed) by 20 labelers, set up in %.1f s%n%n",
                demonstrations,
                demonstrations - demonstrations / 100,
                (System.nanoTime() - setup) / 1e9);

        Reviews reviews = app.getBean(Reviews.class);
        History history = app.getBean(History.class);
        System.out.printf(Locale.ROOT, "%-44s %10s %10s%n", "what", "p50 ms", "p99 ms");
        print("review page: next demonstration + pending", time(repetitions, () -> reviews.next(
                project.slug(), reviewer, null)));
        print("history page: one labeler (" + demonstrations / 20 + " judgments)", time(repetitions, () -> history.of(
                labelers.get(0).principal())));
        print("raw SQL: oldest demonstration by index", time(repetitions, () -> jdbc.sql(
                        "SELECT id FROM demonstration WHERE project_id = ? ORDER BY submitted_at, id LIMIT 1")
                .param(project.id())
                .query(Long.class)
                .single()));
    }

    private static long[] time(int repetitions, Supplier<?> work) {
        for (int i = 0; i < 20; i++) {
            work.get();
        }
        long[] nanos = new long[repetitions];
        for (int i = 0; i < repetitions; i++) {
            long start = System.nanoTime();
            work.get();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        return nanos;
    }

    private static void print(String what, long[] nanos) {
        System.out.printf(
                Locale.ROOT,
                "%-44s %10.2f %10.2f%n",
                what,
                nanos[nanos.length / 2] / 1e6,
                nanos[(int) (nanos.length * 0.99)] / 1e6);
    }
}
