package dev.feedloop.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.feedloop.FeedloopApplication;
import dev.feedloop.database.EmbeddedDatabase;
import dev.feedloop.database.EmbeddedDatabaseProperties;
import dev.feedloop.testsupport.TestQueueData;
import dev.feedloop.testsupport.TestQueueData.Person;
import dev.feedloop.testsupport.TestQueueData.TestProject;
import dev.feedloop.workqueue.RawQueue;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Claim + submit cycles of the rank queue, per second and p50/p99 latency, at 8, 32 and 128
 * concurrent annotators: over HTTP against the server (started in-process on a random loopback
 * port, Bearer tokens), and the same queue SQL straight over JDBC in the same run (the limit).
 * 200,000 items × 3 rankings are queued. A long run then works through 120,000 more cycles to show
 * how throughput holds up as done tasks leave dead rows and index entries behind until autovacuum
 * removes them, and then half as many with autovacuum of the task table switched off, for
 * comparison.
 *
 * <pre>
 * ./mvnw -Pbench test-compile exec:exec -Dbench.class=dev.feedloop.bench.QueueBenchmark
 * </pre>
 *
 * Arguments (via {@code -Dbench.args="..."}): items (200000), seconds per measurement (15),
 * long-run cycles (120000).
 */
public final class QueueBenchmark {

    private static final int[] LEVELS = {8, 32, 128};

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int longRun = args.length > 2 ? Integer.parseInt(args[2]) : 120_000;

        String url = System.getenv("BENCH_DATABASE_URL");
        EmbeddedDatabase embedded = null;
        String user = System.getenv().getOrDefault("BENCH_DATABASE_USERNAME", "postgres");
        String password = System.getenv().getOrDefault("BENCH_DATABASE_PASSWORD", "");
        if (url == null || url.isBlank()) {
            Path dir = Files.createTempDirectory("feedloop-bench-pg");
            embedded = EmbeddedDatabase.start(
                    new EmbeddedDatabaseProperties(dir, 0, "feedloop_bench", Duration.ofSeconds(60)));
            url = embedded.jdbcUrl();
            user = embedded.username();
        }
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(FeedloopApplication.class)
                .properties(
                        "spring.datasource.url=" + url,
                        "spring.datasource.username=" + user,
                        "spring.datasource.password=" + password,
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "spring.main.banner-mode=off",
                        "logging.level.root=WARN",
                        "feedloop.admin.password=bench-admin-password")
                .run()) {
            run(app, url, user, password, items, seconds, longRun);
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static void run(
            ConfigurableApplicationContext app,
            String url,
            String user,
            String password,
            int items,
            int seconds,
            int longRun)
            throws Exception {
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        JsonMapper json = app.getBean(JsonMapper.class);
        TestQueueData data = new TestQueueData(app);
        TestProject project = data.project().demonstrations(0).rankings(3).create();
        long setup = System.nanoTime();
        data.items(project, "q", items, 3);
        long tasks = jdbc.sql("SELECT count(*) FROM task").query(Long.class).single();
        System.out.printf(
                Locale.ROOT,
                "%nQueued %,d items x 3 rankings = %,d tasks in %.1f s%n",
                items,
                tasks,
                (System.nanoTime() - setup) / 1e9);
        int poolSize = app.getEnvironment().getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class, 10);
        int leaseSeconds = 30 * 60;
        URI server = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        try (HikariDataSource raw = new HikariDataSource()) {
            raw.setJdbcUrl(url);
            raw.setUsername(user);
            raw.setPassword(password);
            raw.setMaximumPoolSize(poolSize);
            raw.setPoolName("bench-raw");
            RawQueue queue = new RawQueue(raw, json, project.id(), leaseSeconds);

            vacuum(jdbc);
            // Warm-up: the JIT, both paths.
            measure("warm-up", 8, Duration.ofSeconds(5), data.peopleWithTokens(project, 8, "ANNOTATOR"), person ->
                    httpCycle(http, json, server, project.slug(), person));
            measure("warm-up", 8, Duration.ofSeconds(3), data.people(project, 8, "ANNOTATOR"), person ->
                    queue.cycle(person.id()));
            vacuum(jdbc);

            List<Result> results = new ArrayList<>();
            String loadBefore = loadAverage();
            for (int level : LEVELS) {
                results.add(measure("HTTP", level, Duration.ofSeconds(seconds), data.peopleWithTokens(project, level, "ANNOTATOR"),
                        person -> httpCycle(http, json, server, project.slug(), person)));
                results.add(measure("JDBC", level, Duration.ofSeconds(seconds), data.people(project, level, "ANNOTATOR"),
                        person -> queue.cycle(person.id())));
            }
            System.out.printf(
                    Locale.ROOT,
                    "%nClaim + submit cycles on a queue of %,d rank tasks (PostgreSQL %s, %d CPUs, pool of %d"
                            + " connections each; load average before: %s, after: %s)%n",
                    tasks,
                    jdbc.sql("SHOW server_version").query(String.class).single(),
                    Runtime.getRuntime().availableProcessors(),
                    poolSize,
                    loadBefore,
                    loadAverage());
            System.out.println("| annotators | path | cycles | cycles/s | p50 ms | p99 ms | HTTP / JDBC |");
            System.out.println("|---:|---|---:|---:|---:|---:|---:|");
            for (int i = 0; i < results.size(); i += 2) {
                Result h = results.get(i);
                Result j = results.get(i + 1);
                System.out.println(h.row(""));
                System.out.println(j.row(String.format(Locale.ROOT, "%.0f %%", 100 * h.perSecond() / j.perSecond())));
            }

            String naptime = jdbc.sql("SHOW autovacuum_naptime").query(String.class).single();
            longRun(jdbc, queue, data, project, longRun, "autovacuum_naptime " + naptime);
            if (longRun > 0) {
                // For comparison: the same without vacuuming the task table, to show what vacuum
                // saves the claim (dead index entries in front of the first claimable task).
                jdbc.sql("ALTER TABLE task SET (autovacuum_enabled = false)").update();
                try {
                    vacuum(jdbc);
                    longRun(jdbc, queue, data, project, longRun / 2, "autovacuum of the task table switched off");
                } finally {
                    jdbc.sql("ALTER TABLE task RESET (autovacuum_enabled)").update();
                }
            }
        }
    }

    /** Cycles of the raw queue in windows of 10,000, with the task table's dead tuples and vacuums. */
    private static void longRun(
            JdbcClient jdbc, RawQueue queue, TestQueueData data, TestProject project, int cycles, String setting)
            throws InterruptedException {
        if (cycles <= 0) {
            return;
        }
        List<Person> people = data.people(project, 32, "ANNOTATOR");
        int window = 10_000;
        System.out.printf(
                Locale.ROOT,
                "%nLong run: %,d more cycles over JDBC, 32 annotators, in windows of %,d; %s%n",
                cycles,
                window,
                setting);
        System.out.println(
                "| cycles done | done tasks | window cycles/s | dead tuples in task | autovacuums of task | buffers"
                        + " one claim reads |");
        System.out.println("|---:|---:|---:|---:|---:|---:|");
        double seconds = 0;
        double slowest = Double.MAX_VALUE;
        double fastest = 0;
        for (int done = 0; done < cycles; done += window) {
            Result result = measureCycles(window, people, person -> queue.cycle(person.id()));
            seconds += result.seconds();
            slowest = Math.min(slowest, result.perSecond());
            fastest = Math.max(fastest, result.perSecond());
            Map<String, Object> stats = jdbc.sql("""
                            SELECT n_dead_tup, autovacuum_count + vacuum_count AS vacuums
                            FROM pg_stat_user_tables WHERE relname = 'task'
                            """)
                    .query()
                    .singleRow();
            long doneTasks = jdbc.sql("SELECT count(*) FROM task WHERE state = 'DONE'")
                    .query(Long.class)
                    .single();
            System.out.printf(
                    Locale.ROOT,
                    "| %,d | %,d | %,.0f | %,d | %s | %,d |%n",
                    done + window,
                    doneTasks,
                    result.perSecond(),
                    ((Number) stats.get("n_dead_tup")).longValue(),
                    stats.get("vacuums"),
                    queue.claimBuffers(people.get(0).id()));
        }
        System.out.printf(
                Locale.ROOT,
                "Whole run: %,.0f cycles/s on average; slowest window %,.0f, fastest %,.0f%n",
                cycles / seconds,
                slowest,
                fastest);
    }

    interface Cycle {
        /** One claim + submit; false when the queue had nothing for this person. */
        boolean run(Person person) throws Exception;
    }

    record Result(String path, int annotators, long cycles, double seconds, long[] nanos) {

        double perSecond() {
            return cycles / seconds;
        }

        String row(String ratio) {
            return String.format(
                    Locale.ROOT,
                    "| %d | %s | %,d | %,.0f | %.1f | %.1f | %s |",
                    annotators,
                    path,
                    cycles,
                    perSecond(),
                    percentile(0.50),
                    percentile(0.99),
                    ratio);
        }

        double percentile(double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            return nanos[Math.min(nanos.length - 1, (int) Math.floor(p * nanos.length))] / 1e6;
        }
    }

    /** {@code people.size()} threads doing cycles for {@code duration}. */
    private static Result measure(String path, int annotators, Duration duration, List<Person> people, Cycle cycle)
            throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        return runThreads(path, people, cycle, () -> System.nanoTime() < end, new AtomicLong(Long.MAX_VALUE));
    }

    /** {@code people.size()} threads doing {@code total} cycles between them. */
    private static Result measureCycles(long total, List<Person> people, Cycle cycle) throws InterruptedException {
        AtomicLong left = new AtomicLong(total);
        return runThreads("JDBC", people, cycle, () -> true, left);
    }

    interface Condition {
        boolean holds();
    }

    private static Result runThreads(String path, List<Person> people, Cycle cycle, Condition running, AtomicLong left)
            throws InterruptedException {
        int threads = people.size();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            Person person = people.get(t);
            latencies[t] = new long[1024];
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    while (running.holds() && left.getAndDecrement() > 0 && failure.get() == null) {
                        long begin = System.nanoTime();
                        if (!cycle.run(person)) {
                            break;
                        }
                        long took = System.nanoTime() - begin;
                        if (counts[index] == latencies[index].length) {
                            latencies[index] = Arrays.copyOf(latencies[index], counts[index] * 2);
                        }
                        latencies[index][counts[index]++] = took;
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            workers.add(worker);
            worker.start();
        }
        long begin = System.nanoTime();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("A benchmark thread failed", failure.get());
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        return new Result(path, threads, total, seconds, all);
    }

    private static boolean httpCycle(HttpClient http, JsonMapper json, URI server, String slug, Person person)
            throws IOException, InterruptedException {
        HttpResponse<String> claim = post(http, server.resolve("/api/v1/projects/" + slug + "/tasks/next?kind=rank"),
                person, null);
        if (claim.statusCode() == 204) {
            return false;
        }
        JsonNode task = expect(json, claim, 200);
        List<List<String>> tiers = new ArrayList<>();
        task.get("candidates").forEach(c -> tiers.add(List.of(c.get("id").asString())));
        HttpResponse<String> submit = post(
                http,
                server.resolve("/api/v1/tasks/" + task.get("taskId").asLong() + "/submit"),
                person,
                json.writeValueAsString(Map.of(
                        "leaseToken", task.get("leaseToken").asString(),
                        "tiers", tiers,
                        "activeSeconds", 12)));
        expect(json, submit, 201);
        return true;
    }

    private static HttpResponse<String> post(HttpClient http, URI uri, Person person, String body)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + person.token())
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(60))
                        .POST(body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode expect(JsonMapper json, HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(
                    "Expected " + status + " but got " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    /** The machine's 1-minute load average: other work on the machine shows in every number. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static void vacuum(JdbcClient jdbc) {
        jdbc.sql("VACUUM ANALYZE task").update();
        jdbc.sql("VACUUM ANALYZE item_assignment").update();
    }
}
