package dev.feedloop.bench;

import dev.feedloop.FeedloopApplication;
import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.NewUser;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import dev.feedloop.feedback.IntakeTokens;
import dev.feedloop.projects.ProjectDefinition;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Feedback intake over HTTP: {@code clients} threads post JSON Lines batches of {@code batch}
 * feedback each ({@code POST /api/v1/projects/{slug}/feedback/batch}, one intake token) for {@code
 * seconds}, every one a thumbs-down with a new traceId (so every line makes a fix task: a feedback
 * row, an item, its bad-reply candidate, its {@code queue_item} row and a write slot), after a warm-up
 * of the same length. Prints posts/s sustained, and checks nothing was lost: the lines answered
 * {@code accepted} are the feedback rows in the database, the fix items and the write slots. Then the
 * same five rows per feedback go into the same tables (another project) with plain batched {@code
 * INSERT}s over JDBC, one transaction per batch, from as many threads: the raw PostgreSQL limit.
 *
 * <pre>
 * ./mvnw -Pbench test-compile exec:exec -Dbench.class=dev.feedloop.bench.FeedbackBenchmark
 * </pre>
 *
 * Arguments ({@code name=value}): {@code clients} (4), {@code batch} (200 lines), {@code seconds}
 * (20). The intake's rate limit is lifted for the run ({@code feedloop.feedback.rate-per-second}).
 */
public final class FeedbackBenchmark {

    public static void main(String[] args) throws Exception {
        Arguments arguments = Arguments.parse(args, "clients", "batch", "seconds");
        int clients = arguments.integer("clients", 4);
        int batch = arguments.integer("batch", 200);
        int seconds = arguments.integer("seconds", 20);
        try (BenchDatabase db = BenchDatabase.start(Duration.ofSeconds(120));
                ConfigurableApplicationContext app = new SpringApplicationBuilder(FeedloopApplication.class)
                        .properties(db.serverProperties(
                                "server.port=0",
                                "spring.main.banner-mode=off",
                                "logging.level.root=WARN",
                                "feedloop.admin.password=bench-admin-password",
                                "feedloop.feedback.rate-per-second=100000000",
                                "feedloop.feedback.rate-burst=100000000",
                                "feedloop.feedback.max-batch-lines=" + Math.max(1000, batch)))
                        .run()) {
            URI server = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
            Users users = app.getBean(Users.class);
            UserView admin = users.findByUsername("admin")
                    .orElseGet(() -> users.create(new NewUser("bench-admin", "bench-admin-password", "Bench", true)));
            AccountPrincipal principal =
                    new AccountPrincipal(admin.id(), admin.username(), admin.displayName(), true, true, null);
            Projects projects = app.getBean(Projects.class);
            ProjectSettings project = projects.create(ProjectDefinition.defaults("feedback-bench", "Bench"), "", principal);
            ProjectSettings raw = projects.create(ProjectDefinition.defaults("feedback-raw", "Raw"), "", principal);
            String token = app.getBean(IntakeTokens.class)
                    .create(project.slug(), "bench", principal)
                    .token();
            JdbcClient jdbc = app.getBean(JdbcClient.class);

            HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            URI batchUri = server.resolve("/api/v1/projects/" + project.slug() + "/feedback/batch");
            Run warmup = http(http, batchUri, token, clients, batch, seconds, "w");
            Run measured = http(http, batchUri, token, clients, batch, seconds, "m");
            long stored = count(jdbc, "SELECT count(*) FROM feedback WHERE project_id = ?", project.id());
            long items = count(jdbc, "SELECT count(*) FROM item WHERE project_id = ?", project.id());
            long slots = count(
                    jdbc, "SELECT count(*) FROM task WHERE project_id = ? AND kind = 'WRITE'", project.id());
            long posted = warmup.accepted() + measured.accepted();

            Run baseline = rawInserts(app.getBean(DataSource.class), raw.id(), clients, batch, seconds);

            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "Feedback benchmark: %d clients, batches of %d lines, %d s measured after %d s of warm-up;"
                            + " every line a failure (feedback + item + candidate + queue_item + write slot)"
                            + " (load average: %s)%n",
                    clients,
                    batch,
                    seconds,
                    seconds,
                    QueueBenchmark.loadAverage());
            System.out.println();
            System.out.println("| path | feedback | seconds | feedback/s | batch p50 ms | batch p99 ms | errors |");
            System.out.println("|---|---:|---:|---:|---:|---:|---:|");
            row("HTTP: POST …/feedback/batch (intake token)", measured);
            row("JDBC: the same 5 rows per feedback, batched INSERTs, 1 tx per batch", baseline);
            System.out.println();
            System.out.printf(
                    Locale.ROOT,
                    "nothing lost: %,d lines answered accepted (warm-up and measured), %,d feedback rows, %,d fix"
                            + " items, %,d write slots in the database: %s%n",
                    posted,
                    stored,
                    items,
                    slots,
                    posted == stored && stored == items && items == slots ? "OK" : "MISMATCH");
            System.out.printf(
                    Locale.ROOT,
                    "HTTP intake runs at %.0f %% of the raw INSERT rate (target 1,000 feedback/s: %s).%n",
                    100 * measured.rate() / baseline.rate(),
                    measured.rate() >= 1000 ? "met" : "NOT met");
        }
    }

    /** What one path did: feedback stored, over how long, with each batch's latency. */
    record Run(long accepted, long errors, double seconds, Latencies latencies) {
        double rate() {
            return accepted / seconds;
        }
    }

    private static void row(String name, Run run) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %,d | %.1f | %,.0f | %.1f | %.1f | %,d |%n",
                name,
                run.accepted(),
                run.seconds(),
                run.rate(),
                run.latencies().percentile(0.5),
                run.latencies().percentile(0.99),
                run.errors());
    }

    /** What each client thread does until {@code end} (nanoTime), counting into the shared tallies. */
    interface Client {
        void run(int client, long end, AtomicLong accepted, AtomicLong errors, ConcurrentLinkedQueue<Long> latencies)
                throws Exception;
    }

    /** {@code clients} threads running {@code client} for {@code seconds}. */
    private static Run parallel(int clients, int seconds, Client client) throws Exception {
        AtomicLong accepted = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int number = c;
                running.add(pool.submit(() -> {
                    client.run(number, end, accepted, errors, latencies);
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        long[] nanos = latencies.stream().mapToLong(Long::longValue).toArray();
        return new Run(
                accepted.get(), errors.get(), (System.nanoTime() - start) / 1e9, Latencies.of(nanos, nanos.length));
    }

    private static Run http(
            HttpClient http, URI uri, String token, int clients, int batch, int seconds, String prefix)
            throws Exception {
        return parallel(clients, seconds, (client, end, accepted, errors, latencies) -> {
            long n = 0;
            while (System.nanoTime() < end) {
                StringBuilder body = new StringBuilder(batch * 400);
                for (int i = 0; i < batch; i++) {
                    body.append(line(prefix + "-" + client + "-" + n++)).append('\n');
                }
                long sent = System.nanoTime();
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(uri)
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/x-ndjson")
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                latencies.add(System.nanoTime() - sent);
                if (response.statusCode() != 200) {
                    errors.addAndGet(batch);
                    continue;
                }
                accepted.addAndGet(field(response.body(), "accepted"));
                errors.addAndGet(field(response.body(), "errors"));
            }
        });
    }

    private static String line(String traceId) {
        return "{\"traceId\":\"" + traceId + "\",\"model\":\"prod-model-v3\",\"rating\":\"down\","
                + "\"comment\":\"the answer names the wrong setting\",\"tags\":[\"settings\",\"support\"],"
                + "\"metadata\":{\"userId\":\"u-" + traceId.hashCode() + "\",\"region\":\"eu\"},"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"You are a concise support agent.\"},"
                + "{\"role\":\"user\",\"content\":\"How do I turn off the e-mail digest? I get one every morning.\"},"
                + "{\"role\":\"assistant\",\"content\":\"Open Settings, then Privacy, and switch off Tracking.\"}]}";
    }

    /** A top-level number of the batch answer, read without a JSON library. */
    private static long field(String json, String name) {
        int at = json.indexOf("\"" + name + "\":");
        if (at < 0) {
            return 0;
        }
        int from = at + name.length() + 3;
        int to = from;
        while (to < json.length() && Character.isDigit(json.charAt(to))) {
            to++;
        }
        return Long.parseLong(json.substring(from, to));
    }

    /**
     * The raw limit: per batch one transaction with batched {@code INSERT}s of the feedback rows, the
     * items (ids returned), their candidates, {@code queue_item} rows and write slots, into the real
     * tables (same indexes, unique keys and foreign keys) of another project.
     */
    private static Run rawInserts(DataSource dataSource, long projectId, int clients, int batch, int seconds)
            throws Exception {
        return parallel(clients, seconds, (client, end, accepted, errors, latencies) -> {
            long n = 0;
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                while (System.nanoTime() < end) {
                    long began = System.nanoTime();
                    List<String> traces = new ArrayList<>(batch);
                    for (int i = 0; i < batch; i++) {
                        traces.add("r-" + client + "-" + n++);
                    }
                    insertBatch(connection, projectId, traces);
                    connection.commit();
                    latencies.add(System.nanoTime() - began);
                    accepted.addAndGet(batch);
                }
            }
        });
    }

    private static void insertBatch(Connection connection, long projectId, List<String> traces) throws Exception {
        String messages = "[{\"role\":\"system\",\"content\":\"You are a concise support agent.\"},"
                + "{\"role\":\"user\",\"content\":\"How do I turn off the e-mail digest? I get one every morning.\"},"
                + "{\"role\":\"assistant\",\"content\":\"Open Settings, then Privacy, and switch off Tracking.\"}]";
        String prompt = messages.substring(0, messages.lastIndexOf(",{\"role\":\"assistant\"")) + "]";
        List<Long> itemIds = new ArrayList<>(traces.size());
        try (PreparedStatement item = connection.prepareStatement(
                "INSERT INTO item (project_id, external_id, messages, metadata) VALUES (?, ?, ?::jsonb, ?::jsonb)"
                        + " RETURNING id")) {
            for (String trace : traces) {
                item.setLong(1, projectId);
                item.setString(2, "fb-" + trace);
                item.setString(3, prompt);
                item.setString(4, "{\"source\":\"feedback\",\"traceId\":\"" + trace
                        + "\",\"model\":\"prod-model-v3\",\"rating\":\"down\",\"tags\":[\"settings\",\"support\"]}");
                try (ResultSet rs = item.executeQuery()) {
                    rs.next();
                    itemIds.add(rs.getLong(1));
                }
            }
        }
        try (PreparedStatement feedback = connection.prepareStatement("""
                        INSERT INTO feedback (project_id, trace_id, model, messages, thumb, failure, comment, tags,
                                              metadata, item_id)
                        VALUES (?, ?, 'prod-model-v3', ?::jsonb, 'down', true, 'the answer names the wrong setting',
                                '["settings","support"]', '{"region":"eu"}', ?)
                        """);
                PreparedStatement candidate = connection.prepareStatement("""
                        INSERT INTO candidate (item_id, external_id, model, content, metadata)
                        VALUES (?, 'bad-reply', 'prod-model-v3', 'Open Settings, then Privacy, and switch off Tracking.',
                                '{"badReply":true}')
                        """);
                PreparedStatement queue = connection.prepareStatement(
                        "INSERT INTO queue_item (item_id, project_id, candidate_ids) VALUES (?, ?, '[\"bad-reply\"]')");
                PreparedStatement task = connection.prepareStatement(
                        "INSERT INTO task (project_id, item_id, kind, extra) VALUES (?, ?, 'WRITE', true)")) {
            for (int i = 0; i < traces.size(); i++) {
                long itemId = itemIds.get(i);
                feedback.setLong(1, projectId);
                feedback.setString(2, traces.get(i));
                feedback.setString(3, messages);
                feedback.setLong(4, itemId);
                feedback.addBatch();
                candidate.setLong(1, itemId);
                candidate.addBatch();
                queue.setLong(1, itemId);
                queue.setLong(2, projectId);
                queue.addBatch();
                task.setLong(1, projectId);
                task.setLong(2, itemId);
                task.addBatch();
            }
            feedback.executeBatch();
            candidate.executeBatch();
            queue.executeBatch();
            task.executeBatch();
        }
    }

    private static long count(JdbcClient jdbc, String sql, long projectId) {
        return jdbc.sql(sql).param(projectId).query(Long.class).single();
    }
}
