package dev.feedloop.bench;

import dev.feedloop.FeedloopApplication;
import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.NewUser;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import dev.feedloop.export.DatasetExporter;
import dev.feedloop.export.ExportBenchmarkAccess;
import dev.feedloop.export.ExportKind;
import dev.feedloop.export.ExportParameters;
import dev.feedloop.export.PreparedExport;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Preference export at size: 100,000 items x 4 candidates x 3 rankings with ties (1,000,000 raw
 * pairs), exported as TRL lines through the real streaming endpoint (HTTP, Bearer token) of a
 * server running in this JVM, next to {@code COPY (same query) TO STDOUT} into a null sink in the
 * same run. Run with {@code -Dbench.heap=256m}; args: {@code [items] [rounds] [explain|snapshot|preview]}
 * ({@code preview}: the export page's preview and counts instead).
 */
public class ExportBenchmark {

    public static void main(String[] args) throws Exception {
        int items = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        try (BenchDatabase db = BenchDatabase.start(Duration.ofSeconds(60));
                ConfigurableApplicationContext app = new SpringApplicationBuilder(FeedloopApplication.class)
                        .properties(db.serverProperties(
                                "server.port=0",
                                "spring.main.banner-mode=off",
                                "logging.level.root=WARN",
                                "feedloop.admin.password=bench-password-123"))
                        .run()) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            DataSource dataSource = app.getBean(DataSource.class);
            UserView admin = app.getBean(Users.class)
                    .create(new NewUser("bench-admin", "bench-password-123", "Bench", true));
            String token = app.getBean(ApiTokens.class).create(admin.id(), "bench").token();

            long started = System.nanoTime();
            long pairs = generate(jdbc, items);
            System.out.printf(
                    "Generated %,d items, %,d candidates, %,d rankings (%,d raw pairs) in %.1f s%n",
                    items, items * 4L, items * 3L, pairs, (System.nanoTime() - started) / 1e9);

            var principal = new AccountPrincipal(admin.id(), admin.username(), "Bench", true, true, null);
            PreparedExport export = app.getBean(DatasetExporter.class)
                    .prepare("bench", principal, ExportKind.PREFERENCES, ExportParameters.of("trl"));
            String copy = ExportBenchmarkAccess.copyStatement(export);
            if (args.length > 2 && args[2].equals("explain")) {
                // prints the query plan instead of measuring
                jdbc.sql("EXPLAIN (ANALYZE, BUFFERS) " + ExportBenchmarkAccess.query(export))
                        .query(String.class)
                        .list()
                        .forEach(System.out::println);
                return;
            }
            if (args.length > 2 && args[2].equals("preview")) {
                preview(URI.create("http://localhost:" + port + "/"), rounds);
                return;
            }
            String url = "http://localhost:" + port + "/api/v1/projects/bench/exports/preferences?format=trl";
            HttpClient http = HttpClient.newHttpClient();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

            List<Result> results = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                results.add(measure("COPY (same query) TO STDOUT -> null sink", round, memory, () -> {
                    try (Connection connection = dataSource.getConnection()) {
                        var sink = new CountingSink();
                        long rows = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copy, sink);
                        if (rows != sink.lines) {
                            throw new IllegalStateException(rows + " rows but " + sink.lines + " lines");
                        }
                        return new long[] {rows, sink.bytes};
                    }
                }));
                results.add(measure("Feedloop GET /exports/preferences (HTTP)", round, memory, () -> {
                    var response = http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    return drain(response.body());
                }));
            }
            results.add(measure("Feedloop GET, Accept-Encoding: gzip", 1, memory, () -> {
                var response = http.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .header("Authorization", "Bearer " + token)
                                .header("Accept-Encoding", "gzip")
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                var counted = new CountingInput(response.body());
                long[] plain = drain(new GZIPInputStream(counted, 1 << 16));
                return new long[] {plain[0], plain[1], counted.bytes};
            }));
            if (args.length > 2 && args[2].equals("snapshot")) {
                String[] location = new String[1];
                results.add(measure("Feedloop POST /snapshots, job (store + sha256)", 1, memory, () -> {
                    // the snapshot is made by a job; the request waits for it (and follows it past 60 s)
                    var response = http.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port
                                            + "/api/v1/projects/bench/snapshots?kind=preferences&format=trl&testRatio=0&wait=60"))
                                    .header("Authorization", "Bearer " + token)
                                    .POST(HttpRequest.BodyPublishers.noBody())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    String at = response.headers().firstValue("Location").orElseThrow();
                    if (response.statusCode() == 202) {
                        String job = at;
                        while (true) {
                            Thread.sleep(100);
                            var state = JsonMapper.builder()
                                    .build()
                                    .readTree(http.send(
                                                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + job))
                                                            .header("Authorization", "Bearer " + token)
                                                            .build(),
                                                    HttpResponse.BodyHandlers.ofString())
                                            .body());
                            if (!state.get("snapshotId").isNull()) {
                                at = "/api/v1/snapshots/" + state.get("snapshotId").asLong();
                                break;
                            }
                            if (List.of("failed", "cancelled").contains(state.get("state").asString())) {
                                throw new IllegalStateException("snapshot job ended without a snapshot: " + state);
                            }
                        }
                    }
                    location[0] = at;
                    return new long[] {pairs, 0};
                }));
                results.add(measure("Feedloop GET snapshot file (HTTP)", 1, memory, () -> {
                    var response = http.send(
                            HttpRequest.newBuilder(URI.create(
                                            "http://localhost:" + port + location[0] + "/files/train.jsonl"))
                                    .header("Authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
                    return drain(response.body());
                }));
            }
            print(results, Runtime.getRuntime().maxMemory());
        }
    }

    private static final Pattern COUNTS_URL = Pattern.compile("id=\"export-counts\"[^>]*hx-get=\"([^\"]+)\"");
    private static final Pattern TOTAL = Pattern.compile("class=\"export-total\">([0-9]+)<");

    /**
     * The export page's preview as its htmx requests ask for it, signed in through the login form:
     * the preview fragment, then the counts fragment where the preview asks for them separately
     * (where it does not, the preview holds the counts).
     */
    static void preview(URI base, int rounds) throws Exception {
        PageSession browser = PageSession.signIn(base, "bench-admin", "bench-password-123");
        String query = "format=trl&aggregation=raw&split=all&testRatio=0.1&seed=feedloop";
        for (int round = 1; round <= rounds; round++) {
            long started = System.nanoTime();
            PageSession.Page preview = browser.get("/projects/bench/export/preview?" + query);
            double previewSeconds = (System.nanoTime() - started) / 1e9;
            Matcher countsUrl = COUNTS_URL.matcher(preview.html());
            if (countsUrl.find()) {
                started = System.nanoTime();
                PageSession.Page counts = browser.get(countsUrl.group(1).replace("&amp;", "&"));
                double countSeconds = (System.nanoTime() - started) / 1e9;
                System.out.printf(
                        "round %d: preview (first lines) %d in %.3f s; counts %d in %.3f s: %s lines%n",
                        round, preview.status(), previewSeconds, counts.status(), countSeconds, total(counts.html()));
            } else {
                System.out.printf(
                        "round %d: preview with counts %d in %.3f s: %s lines%n",
                        round, preview.status(), previewSeconds, total(preview.html()));
            }
        }
    }

    private static String total(String html) {
        Matcher total = TOTAL.matcher(html);
        return total.find() ? total.group(1) : "no";
    }

    static long generate(JdbcClient jdbc, int items) {
        jdbc.sql("INSERT INTO project (slug, name, status) VALUES ('bench', 'Export benchmark', 'ACTIVE')")
                .update();
        long project = jdbc.sql("SELECT id FROM project WHERE slug = 'bench'").query(Long.class).single();
        jdbc.sql("""
                INSERT INTO app_user (username, display_name, password_hash)
                SELECT 'annotator' || g, 'Annotator ' || g, '{noop}x' FROM generate_series(1, 30) g
                """).update();
        jdbc.sql("""
                INSERT INTO item (project_id, external_id, messages)
                SELECT ?, 'item-' || g, jsonb_build_array(
                    jsonb_build_object('role', 'system', 'content', 'You are a helpful assistant.'),
                    jsonb_build_object('role', 'user', 'content',
                        'Вопрос ' || g || ': explain "' || md5(g::text) || E'" step by step.\\nСпасибо! 🙏'))
                FROM generate_series(1, ?) g
                """).params(project, items).update();
        jdbc.sql("""
                INSERT INTO candidate (item_id, external_id, model, content)
                SELECT i.id, c, 'model-' || c,
                       'Answer ' || c || E' to ' || i.external_id || E':\\n' || repeat(md5(i.id || c), 5)
                       || E' — \\"готово\\" ✅ \\\\ end'
                FROM item i CROSS JOIN unnest(ARRAY['a', 'b', 'c', 'd']) c
                WHERE i.project_id = ?
                """).param(project).update();
        jdbc.sql("""
                INSERT INTO task (project_id, item_id, kind, state, assignee_id, done_at)
                SELECT i.project_id, i.id, 'RANK', 'DONE', u.id, now()
                FROM item i CROSS JOIN generate_series(0, 2) k
                JOIN app_user u ON u.username = 'annotator' || ((i.id + k * 7) % 30 + 1)
                WHERE i.project_id = ?
                """).param(project).update();
        // three tie patterns: 4, 3 and 3 strictly ordered pairs: 10 per item
        jdbc.sql("""
                INSERT INTO ranking (task_id, item_id, project_id, annotator_id, tiers, displayed_order, ratings,
                                     guideline_version, submitted_at)
                SELECT t.id, t.item_id, t.project_id, t.assignee_id,
                       (ARRAY['[["a", "b"], ["c", "d"]]', '[["b"], ["c", "a", "d"]]', '[["c", "d", "a"], ["b"]]'])
                           [(row_number() OVER (PARTITION BY t.item_id ORDER BY t.id) - 1) % 3 + 1]::jsonb,
                       '["d", "c", "b", "a"]'::jsonb, '{"a": {"helpfulness": 6}}'::jsonb, 1,
                       now() - interval '1 day'
                FROM task t WHERE t.project_id = ?
                """).param(project).update();
        jdbc.sql("VACUUM ANALYZE").update();
        return jdbc.sql("""
                        SELECT count(*) FROM ranking r
                        CROSS JOIN LATERAL jsonb_array_elements(r.tiers) WITH ORDINALITY ta(tier, pos)
                        CROSS JOIN LATERAL jsonb_array_elements(r.tiers) WITH ORDINALITY tb(tier, pos)
                        CROSS JOIN LATERAL jsonb_array_elements_text(ta.tier) a
                        CROSS JOIN LATERAL jsonb_array_elements_text(tb.tier) b
                        WHERE ta.pos < tb.pos
                        """)
                .query(Long.class)
                .single();
    }

    interface Run {
        long[] run() throws Exception;
    }

    record Result(String name, int round, long rows, long bytes, long wireBytes, double seconds, long peakHeap) {}

    static Result measure(String name, int round, MemoryMXBean memory, Run run) throws Exception {
        System.gc();
        AtomicLong peak = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        long start = System.nanoTime();
        long[] counts = run.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        sampler.interrupt();
        sampler.join();
        Result result = new Result(
                name, round, counts[0], counts[1], counts.length > 2 ? counts[2] : counts[1], seconds, peak.get());
        System.out.printf("  %s (round %d): %,d rows, %,d bytes, %.2f s%n", name, round, counts[0], counts[1], seconds);
        return result;
    }

    static long[] drain(InputStream in) throws Exception {
        byte[] buffer = new byte[1 << 16];
        long bytes = 0;
        long lines = 0;
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return new long[] {lines, bytes};
    }

    static void print(List<Result> results, long maxHeap) {
        double copyBest = results.stream()
                .filter(r -> r.name().startsWith("COPY"))
                .mapToDouble(Result::seconds)
                .min()
                .orElse(Double.NaN);
        System.out.println();
        System.out.printf("%-44s %5s %11s %11s %8s %10s %8s %9s %8s%n",
                "run", "round", "rows", "MB", "s", "rows/s", "MB/s", "peak heap", "vs COPY");
        for (Result r : results) {
            double mb = r.bytes() / 1e6;
            System.out.printf("%-44s %5d %,11d %,11.1f %8.2f %,10.0f %8.1f %8dM %8.2f%n",
                    r.name(), r.round(), r.rows(), mb, r.seconds(), r.rows() / r.seconds(), mb / r.seconds(),
                    r.peakHeap() >> 20, copyBest / r.seconds());
            if (r.wireBytes() != r.bytes()) {
                System.out.printf("%-44s %5s %11s %,11.1f  (gzip on the wire)%n", "", "", "", r.wireBytes() / 1e6);
            }
        }
        double httpBest = results.stream()
                .filter(r -> r.name().startsWith("Feedloop GET /exports"))
                .mapToDouble(Result::seconds)
                .min()
                .orElse(Double.NaN);
        long rows = results.get(0).rows();
        double mb = results.get(0).bytes() / 1e6;
        System.out.printf("%nBest of each: COPY %,.0f rows/s %.1f MB/s; Feedloop HTTP %,.0f rows/s %.1f MB/s;"
                        + " ratio %.2f (goal >= 0.7)%n",
                rows / copyBest, mb / copyBest, rows / httpBest, mb / httpBest, copyBest / httpBest);
        System.out.printf("JVM max heap %d MB; 'vs COPY' = best COPY time / this run's time. Load average: %s%n",
                maxHeap >> 20, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** Counts bytes and lines, as the HTTP client side does, and keeps nothing. */
    static final class CountingSink extends OutputStream {
        long bytes;
        long lines;

        @Override
        public void write(int b) {
            bytes++;
            if (b == '\n') {
                lines++;
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    lines++;
                }
            }
        }
    }

    static final class CountingInput extends java.io.FilterInputStream {
        long bytes;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            if (b >= 0) {
                bytes++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                bytes += n;
            }
            return n;
        }
    }
}
