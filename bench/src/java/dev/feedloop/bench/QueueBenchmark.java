package dev.feedloop.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.feedloop.FeedloopApplication;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import dev.feedloop.workqueue.RawQueue;
import dev.feedloop.workqueue.TaskKind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Claim + submit cycles of the rank queue over HTTP against the server (started in-process on a
 * random loopback port, Bearer tokens), next to the same queue SQL straight over JDBC in the same
 * run (the limit), in three parts:
 *
 * <ul>
 *   <li>{@code closed}: 8, 32 and 128 annotators doing cycles back to back; cycles/s, p50/p99.
 *   <li>{@code open}: cycles starting at a fixed rate (100/s: ~3,000 people at one judgment per
 *       30 s), each annotator holding the lease for {@code think} seconds between claim and submit;
 *       p50/p99/p99.9 of claim and of submit, measured from the planned instants.
 *   <li>{@code long}: 1,000,000 cycles over JDBC in windows of 50,000, with the task table's dead
 *       rows, its vacuum count and the buffers one claim reads per window, then 200,000 with
 *       autovacuum of the task table switched off for comparison.
 * </ul>
 *
 * <pre>
 * ./mvnw -Pbench test-compile exec:exec -Dbench.class=dev.feedloop.bench.QueueBenchmark
 * </pre>
 *
 * Arguments ({@code -Dbench.args="name=value ..."}): see {@link #main} and bench/README.md.
 */
public final class QueueBenchmark {

    private static final int[] LEVELS = {8, 32, 128};
    private static final int LONG_RUN_ANNOTATORS = 32;
    /** The goal the open-loop percentiles are reported against. */
    private static final double GOAL_P99_MS = 50;

    private record Settings(
            Set<String> parts,
            int items,
            int seconds,
            double rate,
            int openSeconds,
            int think,
            int ramp,
            int longRun,
            int window,
            int noVacuum,
            int warmup) {

        static Settings of(String[] args) {
            Arguments a = Arguments.parse(
                    args,
                    "parts",
                    "items",
                    "seconds",
                    "rate",
                    "openSeconds",
                    "think",
                    "ramp",
                    "longRun",
                    "window",
                    "noVacuum",
                    "warmup");
            int think = a.integer("think", 30);
            Set<String> parts = Set.of(a.text("parts", "closed,open,long").split(","));
            for (String part : parts) {
                if (!Set.of("closed", "open", "long", "count").contains(part)) {
                    throw new IllegalArgumentException(
                            "Unknown part " + part + ": give closed, open, long and/or count");
                }
            }
            return new Settings(
                    parts,
                    a.integer("items", 200_000),
                    a.integer("seconds", 15),
                    a.number("rate", 100),
                    a.integer("openSeconds", 60),
                    think,
                    a.integer("ramp", think),
                    a.integer("longRun", 1_000_000),
                    a.integer("window", 50_000),
                    a.integer("noVacuum", 200_000),
                    a.integer("warmup", 120));
        }
    }

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.of(args);
        // Overload makes requests wait for a connection: in a benchmark that is latency to measure, not an
        // outage to answer with 503. A system property, as application.properties outranks the builder's.
        System.setProperty("spring.datasource.hikari.connection-timeout", "60000");
        SpringApplicationBuilder builder = new SpringApplicationBuilder(FeedloopApplication.class);
        if (settings.parts().contains("count")) {
            builder.initializers(StatementCounter::install);
        }
        try (BenchDatabase db = BenchDatabase.start(Duration.ofSeconds(60));
                ConfigurableApplicationContext app = builder
                        .properties(db.serverProperties(
                                "server.port=0",
                                "server.address=127.0.0.1",
                                "spring.main.banner-mode=off",
                                "logging.level.root=WARN",
                                "feedloop.admin.password=bench-admin-password"))
                        .run()) {
            run(app, db, settings);
        }
    }

    private static void run(ConfigurableApplicationContext app, BenchDatabase db, Settings settings) throws Exception {
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        JsonMapper json = app.getBean(JsonMapper.class);
        TestData data = TestData.in(app);
        TestProject project = data.project().demonstrations(0).rankings(3).create();
        long setup = System.nanoTime();
        data.items(project, "q", settings.items(), 3);
        System.out.printf(
                Locale.ROOT,
                "%nQueued %,d items x 3 rankings = %,d tasks in %.1f s%n",
                settings.items(),
                openTasks(jdbc),
                (System.nanoTime() - setup) / 1e9);
        int poolSize =
                app.getEnvironment().getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class, 10);
        int leaseSeconds = 30 * 60;
        URI server = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Api api = new Api(http, json, server, project.slug());

        try (HikariDataSource raw = new HikariDataSource()) {
            raw.setJdbcUrl(db.url());
            raw.setUsername(db.username());
            raw.setPassword(db.password());
            raw.setMaximumPoolSize(poolSize);
            raw.setPoolName("bench-raw");
            RawQueue queue = new RawQueue(raw, json, project.id(), leaseSeconds);

            vacuum(jdbc);
            // Warm-up: both paths until the JIT compiler has nothing left to compile for them.
            Duration warmup = Duration.ofSeconds(settings.warmup());
            // Both request shapes; the task the second hands out is the first's own lease next time.
            WarmUp.run(
                    "HTTP",
                    warmup,
                    Duration.ofSeconds(5),
                    data.peopleWithTokens(project, 4, "ANNOTATOR"),
                    person -> api.cycle(person) && api.chainedCycle(person, new java.util.HashMap<>()));
            WarmUp.run(
                    "JDBC",
                    warmup,
                    Duration.ofSeconds(5),
                    data.people(project, 4, "ANNOTATOR"),
                    p -> queue.cycle(p.id()));
            vacuum(jdbc);

            String header = String.format(
                    Locale.ROOT,
                    "PostgreSQL %s, %d CPUs, pool of %d connections each",
                    jdbc.sql("SHOW server_version").query(String.class).single(),
                    Runtime.getRuntime().availableProcessors(),
                    poolSize);
            if (settings.parts().contains("count")) {
                countRoundTrips(data, project, api);
            }
            if (settings.parts().contains("closed")) {
                closedLoop(jdbc, data, project, api, queue, settings, header);
            }
            if (settings.parts().contains("open")) {
                openLoop(jdbc, data, project, api, queue, settings, header);
            }
            if (settings.parts().contains("long")) {
                longRuns(jdbc, data, project, queue, settings);
            }
        }
    }

    private static void closedLoop(
            JdbcClient jdbc,
            TestData data,
            TestProject project,
            Api api,
            RawQueue queue,
            Settings settings,
            String header)
            throws Exception {
        Duration duration = Duration.ofSeconds(settings.seconds());
        List<ClosedLoop.Result> results = new ArrayList<>();
        long tasks = openTasks(jdbc);
        String loadBefore = loadAverage();
        for (int level : LEVELS) {
            results.add(ClosedLoop.forDuration(
                    "HTTP", duration, data.peopleWithTokens(project, level, "ANNOTATOR"), api::cycle));
            Map<Long, JsonNode> held = new ConcurrentHashMap<>();
            results.add(ClosedLoop.forDuration(
                    "HTTP, submit?next=true",
                    duration,
                    data.peopleWithTokens(project, level, "ANNOTATOR"),
                    person -> api.chainedCycle(person, held)));
            results.add(ClosedLoop.forDuration(
                    "JDBC", duration, data.people(project, level, "ANNOTATOR"), p -> queue.cycle(p.id())));
        }
        System.out.printf(
                Locale.ROOT,
                "%nClosed loop: claim + submit cycles back to back, %d s each, on a queue of %,d open rank tasks"
                        + " (%s; load average before: %s, after: %s)%n",
                settings.seconds(),
                tasks,
                header,
                loadBefore,
                loadAverage());
        System.out.println("| annotators | path | cycles | cycles/s | p50 ms | p99 ms | JVM CPU ms / cycle"
                + " | PostgreSQL CPU ms / cycle | HTTP / JDBC |");
        System.out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < results.size(); i += 3) {
            ClosedLoop.Result twoRequests = results.get(i);
            ClosedLoop.Result oneRequest = results.get(i + 1);
            ClosedLoop.Result j = results.get(i + 2);
            System.out.println(closedRow(twoRequests, share(twoRequests, j)));
            System.out.println(closedRow(oneRequest, share(oneRequest, j)));
            System.out.println(closedRow(j, ""));
        }
    }

    private static String share(ClosedLoop.Result http, ClosedLoop.Result jdbc) {
        return String.format(Locale.ROOT, "%.0f %%", 100 * http.perSecond() / jdbc.perSecond());
    }

    private static String closedRow(ClosedLoop.Result result, String ratio) {
        return String.format(
                Locale.ROOT,
                "| %d | %s | %,d | %,.0f | %s | %s | %s | %s |%s",
                result.people(),
                result.path(),
                result.cycles(),
                result.perSecond(),
                result.ms(0.50),
                result.ms(0.99),
                result.cpuCells(),
                ratio,
                result.dryNote());
    }

    private static void openLoop(
            JdbcClient jdbc,
            TestData data,
            TestProject project,
            Api api,
            RawQueue queue,
            Settings settings,
            String header)
            throws Exception {
        // Enough people that one is always free: rate × think hold a lease at any time.
        int peopleCount = (int) Math.ceil(settings.rate() * settings.think() * 1.1) + 64;
        long made = System.nanoTime();
        List<Person> people = data.peopleWithTokens(project, peopleCount, "ANNOTATOR");
        System.out.printf(
                Locale.ROOT,
                "%nOpen loop: %,d annotators made in %.1f s; %.0f cycles/s for %d s (+ %d s ramp not recorded,"
                        + " + %d s to submit), each lease held %d s between claim and submit%n",
                peopleCount,
                (System.nanoTime() - made) / 1e9,
                settings.rate(),
                settings.openSeconds(),
                settings.ramp(),
                settings.think(),
                settings.think());
        Duration ramp = Duration.ofSeconds(settings.ramp());
        Duration measured = Duration.ofSeconds(settings.openSeconds());
        Duration think = Duration.ofSeconds(settings.think());
        long tasks = openTasks(jdbc);
        String loadBefore = loadAverage();
        List<OpenLoop.Result> results = new ArrayList<>();
        results.add(OpenLoop.run(
                "HTTP", settings.rate(), ramp, measured, think, people, new OpenLoop.Work<Person, JsonNode>() {
                    @Override
                    public Optional<JsonNode> claim(Person person) throws Exception {
                        return api.claim(person);
                    }

                    @Override
                    public void submit(Person person, JsonNode task) throws Exception {
                        api.submit(person, task);
                    }
                }));
        vacuum(jdbc);
        results.add(OpenLoop.run(
                "JDBC", settings.rate(), ramp, measured, think, people, new OpenLoop.Work<Person, RawQueue.Lease>() {
                    @Override
                    public Optional<RawQueue.Lease> claim(Person person) {
                        return queue.claim(TaskKind.RANK, person.id());
                    }

                    @Override
                    public void submit(Person person, RawQueue.Lease lease) {
                        queue.submit(lease);
                    }
                }));
        System.out.printf(
                Locale.ROOT,
                "%nOpen loop at %.0f cycles/s planned, latency from the planned start, on a queue of %,d open rank"
                        + " tasks (%s; load average before: %s, after: %s)%n",
                settings.rate(),
                tasks,
                header,
                loadBefore,
                loadAverage());
        System.out.println("| path | cycles | cycles/s | claim p50 ms | claim p99 ms | claim p99.9 ms | submit p50 ms"
                + " | submit p99 ms | submit p99.9 ms | start lag p99 ms | p99 < 50 ms |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (OpenLoop.Result r : results) {
            boolean met = r.claim().percentile(0.99) < GOAL_P99_MS && r.submit().percentile(0.99) < GOAL_P99_MS;
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %,d | %,.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s |%n",
                    r.path(),
                    r.submit().count(),
                    r.achieved(),
                    r.claim().percentile(0.50),
                    r.claim().percentile(0.99),
                    r.claim().percentile(0.999),
                    r.submit().percentile(0.50),
                    r.submit().percentile(0.99),
                    r.submit().percentile(0.999),
                    r.lag().percentile(0.99),
                    met ? "yes" : "no");
            if (r.empty() > 0 || r.submit().count() < r.planned()) {
                System.out.printf(
                        Locale.ROOT,
                        "  %s: %,d of %,d planned cycles completed, %,d claims found the queue empty%n",
                        r.path(),
                        r.submit().count(),
                        r.planned(),
                        r.empty());
            }
        }
    }

    private static void longRuns(
            JdbcClient jdbc, TestData data, TestProject project, RawQueue queue, Settings settings)
            throws InterruptedException {
        if (settings.longRun() <= 0) {
            return;
        }
        // Room for every cycle of both runs, plus a margin, so the queue never runs dry.
        long needed = (long) ((settings.longRun() + settings.noVacuum()) * 1.05) + 10_000;
        long open = openTasks(jdbc);
        if (open < needed) {
            int items = (int) ((needed - open + 2) / 3);
            long started = System.nanoTime();
            data.items(project, "long", items, 3);
            System.out.printf(
                    Locale.ROOT,
                    "%nQueued %,d more items x 3 rankings for the long run in %.1f s%n",
                    items,
                    (System.nanoTime() - started) / 1e9);
        }
        vacuum(jdbc);
        String naptime = jdbc.sql("SHOW autovacuum_naptime").query(String.class).single();
        longRun(jdbc, queue, data, project, settings.longRun(), settings.window(), "autovacuum_naptime " + naptime);
        if (settings.noVacuum() > 0) {
            // For comparison: the same without vacuuming the task table, to show what vacuum
            // saves the claim (dead index entries in front of the first claimable task).
            jdbc.sql("ALTER TABLE task SET (autovacuum_enabled = false)").update();
            try {
                vacuum(jdbc);
                longRun(
                        jdbc,
                        queue,
                        data,
                        project,
                        settings.noVacuum(),
                        settings.window(),
                        "autovacuum of the task table switched off");
            } finally {
                jdbc.sql("ALTER TABLE task RESET (autovacuum_enabled)").update();
            }
        }
    }

    /** Cycles of the raw queue in windows, with the task table's dead tuples and vacuums. */
    private static void longRun(
            JdbcClient jdbc,
            RawQueue queue,
            TestData data,
            TestProject project,
            int cycles,
            int window,
            String setting)
            throws InterruptedException {
        List<Person> people = data.people(project, LONG_RUN_ANNOTATORS, "ANNOTATOR");
        System.out.printf(
                Locale.ROOT,
                "%nLong run: %,d cycles over JDBC, %d annotators, in windows of %,d; %s (load average before: %s)%n",
                cycles,
                LONG_RUN_ANNOTATORS,
                window,
                setting,
                loadAverage());
        System.out.println("| cycles done | done tasks | window cycles/s | window p99 ms | dead tuples in task"
                + " | autovacuums of task | buffers one claim reads |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
        double seconds = 0;
        double slowest = Double.MAX_VALUE;
        double fastest = 0;
        for (int done = 0; done < cycles; done += window) {
            int size = Math.min(window, cycles - done);
            ClosedLoop.Result result = ClosedLoop.forCycles("JDBC", size, people, p -> queue.cycle(p.id()));
            seconds += result.seconds();
            slowest = Math.min(slowest, result.perSecond());
            fastest = Math.max(fastest, result.perSecond());
            Map<String, Object> stats = jdbc.sql("""
                            SELECT n_dead_tup, autovacuum_count + vacuum_count AS vacuums
                            FROM pg_stat_user_tables WHERE relname = 'task'
                            """).query().singleRow();
            long doneTasks = jdbc.sql("SELECT count(*) FROM task WHERE state = 'DONE'")
                    .query(Long.class)
                    .single();
            System.out.printf(
                    Locale.ROOT,
                    "| %,d | %,d | %,.0f | %s | %,d | %s | %,d |%s%n",
                    done + size,
                    doneTasks,
                    result.perSecond(),
                    result.ms(0.99),
                    ((Number) stats.get("n_dead_tup")).longValue(),
                    stats.get("vacuums"),
                    queue.claimBuffers(people.get(0).id()),
                    result.dryNote());
        }
        System.out.printf(
                Locale.ROOT,
                "Whole run: %,.0f cycles/s on average; slowest window %,.0f, fastest %,.0f (load average after: %s)%n",
                cycles / seconds,
                slowest,
                fastest,
                loadAverage());
    }

    /**
     * Round trips to PostgreSQL per claim and per submit over HTTP: 500 cycles of one annotator at a
     * time (nothing else runs, so the server's counts are the cycles' own).
     */
    private static void countRoundTrips(TestData data, TestProject project, Api api) throws Exception {
        List<Person> people = data.peopleWithTokens(project, 4, "ANNOTATOR");
        int cycles = 500;
        long claimTrips = 0;
        long claimStatements = 0;
        long submitTrips = 0;
        long submitStatements = 0;
        for (int i = 0; i < cycles; i++) {
            Person person = people.get(i % people.size());
            long trips = StatementCounter.roundTrips();
            long statements = StatementCounter.STATEMENTS.get();
            JsonNode task = api.claim(person).orElseThrow();
            claimTrips += StatementCounter.roundTrips() - trips;
            claimStatements += StatementCounter.STATEMENTS.get() - statements;
            trips = StatementCounter.roundTrips();
            statements = StatementCounter.STATEMENTS.get();
            api.submit(person, task);
            submitTrips += StatementCounter.roundTrips() - trips;
            submitStatements += StatementCounter.STATEMENTS.get() - statements;
        }
        System.out.printf(
                Locale.ROOT,
                "%nRound trips to PostgreSQL per HTTP request (statements + commits), mean of %d cycles:%n"
                        + "| request | statements | round trips |%n|---|---:|---:|%n"
                        + "| claim (POST tasks/next) | %.2f | %.2f |%n| submit (POST tasks/{id}/submit) | %.2f | %.2f |%n"
                        + "| cycle | %.2f | %.2f |%n",
                cycles,
                claimStatements / (double) cycles,
                claimTrips / (double) cycles,
                submitStatements / (double) cycles,
                submitTrips / (double) cycles,
                (claimStatements + submitStatements) / (double) cycles,
                (claimTrips + submitTrips) / (double) cycles);
    }

    /** The queue's REST API as an annotator's client calls it. */
    private record Api(HttpClient http, JsonMapper json, URI server, String slug) {

        boolean cycle(Person person) throws IOException, InterruptedException {
            Optional<JsonNode> task = claim(person);
            if (task.isEmpty()) {
                return false;
            }
            submit(person, task.get());
            return true;
        }

        Optional<JsonNode> claim(Person person) throws IOException, InterruptedException {
            HttpResponse<String> claim =
                    post(server.resolve("/api/v1/projects/" + slug + "/tasks/next?kind=rank"), person, null);
            if (claim.statusCode() == 204) {
                return Optional.empty();
            }
            return Optional.of(expect(claim, 200));
        }

        void submit(Person person, JsonNode task) throws IOException, InterruptedException {
            expect(post(submitUri(task, ""), person, ranking(task)), 201);
        }

        /**
         * One cycle as a tool that ranks all day makes it: the submit of the task held from the
         * previous cycle takes the next task in the same request ({@code submit?next=true}); only a
         * person's first cycle claims on its own.
         */
        boolean chainedCycle(Person person, Map<Long, JsonNode> held) throws IOException, InterruptedException {
            JsonNode task = held.remove(person.id());
            if (task == null) {
                Optional<JsonNode> claimed = claim(person);
                if (claimed.isEmpty()) {
                    return false;
                }
                task = claimed.get();
            }
            JsonNode next = expect(post(submitUri(task, "?next=true"), person, ranking(task)), 201)
                    .get("next");
            if (next != null && !next.isNull()) {
                held.put(person.id(), next);
            }
            return true;
        }

        private URI submitUri(JsonNode task, String query) {
            return server.resolve("/api/v1/tasks/" + task.get("taskId").asLong() + "/submit" + query);
        }

        private String ranking(JsonNode task) {
            List<List<String>> tiers = new ArrayList<>();
            task.get("candidates").forEach(c -> tiers.add(List.of(c.get("id").asString())));
            return json.writeValueAsString(
                    Map.of("leaseToken", task.get("leaseToken").asString(), "tiers", tiers, "activeSeconds", 12));
        }

        private HttpResponse<String> post(URI uri, Person person, String body)
                throws IOException, InterruptedException {
            return http.send(
                    HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer " + person.token())
                            .header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(60))
                            .POST(
                                    body == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private JsonNode expect(HttpResponse<String> response, int status) {
            if (response.statusCode() != status) {
                throw new IllegalStateException(
                        "Expected " + status + " but got " + response.statusCode() + ": " + response.body());
            }
            return json.readTree(response.body());
        }
    }

    private static long openTasks(JdbcClient jdbc) {
        return jdbc.sql("SELECT count(*) FROM task WHERE state <> 'DONE'")
                .query(Long.class)
                .single();
    }

    /** The machine's 1-minute load average: other work on the machine shows in every number. */
    static String loadAverage() {
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
