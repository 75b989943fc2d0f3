package dev.feedloop.bench;

import dev.feedloop.FeedloopApplication;
import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.NewUser;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The quality report and the model leaderboard of one project at size: N rankings (default
 * 300,000) of N/3 items, 4 candidates each from 10 models, 3 annotators per item out of 30, with
 * ties. Through the real endpoints (HTTP, Bearer token) of a server in this JVM, each asked first
 * (after a change of the project row, so that every ranking is read again), cold (one ranking added
 * before each round, so that no kept result applies and everything is recomputed) and warm (the same
 * rankings again), next to {@code COPY (the rows the answers read) TO STDOUT} into a null
 * sink in the same run: the time PostgreSQL needs just to hand over what is computed from.
 *
 * <pre>
 * ./mvnw -Pbench test-compile exec:exec -Dbench.class=dev.feedloop.bench.QualityBenchmark -Dbench.heap=1g
 * </pre>
 *
 * Arguments (via {@code -Dbench.args="..."}): rankings (300000), cold rounds (3), warm rounds (20).
 */
public final class QualityBenchmark {

    static final String RANKINGS_READ = """
            SELECT k.id, k.item_id, k.annotator_id, k.tiers, k.none_acceptable, k.displayed_order
            FROM ranking k WHERE k.project_id = %d AND k.submitted_at <= now() ORDER BY k.id""";
    static final String MODELS_READ = """
            SELECT c.item_id, c.external_id, c.model FROM candidate c JOIN item i ON i.id = c.item_id
            WHERE i.project_id = %d AND c.model IS NOT NULL""";

    public static void main(String[] args) throws Exception {
        int rankings = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int cold = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int warm = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        try (BenchDatabase db = BenchDatabase.start(Duration.ofSeconds(60));
                ConfigurableApplicationContext app = new SpringApplicationBuilder(FeedloopApplication.class)
                        .properties(db.serverProperties(
                                "server.port=0",
                                "server.address=127.0.0.1",
                                "spring.main.banner-mode=off",
                                "logging.level.root=WARN",
                                "feedloop.admin.password=bench-password-123"))
                        .run()) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            UserView admin = app.getBean(Users.class)
                    .create(new NewUser("bench-admin", "bench-password-123", "Bench", true));
            String token = app.getBean(ApiTokens.class).create(admin.id(), "bench").token();

            long started = System.nanoTime();
            long project = generate(jdbc, rankings / 3);
            System.out.printf(
                    Locale.ROOT,
                    "%n%,d items x 4 candidates (10 models) x 3 rankings = %,d rankings, set up in %.1f s%n%n",
                    rankings / 3,
                    rankings / 3 * 3,
                    (System.nanoTime() - started) / 1e9);

            DataSource dataSource = app.getBean(DataSource.class);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port + "/api/v1/projects/bench";
            Call copyRankings = () -> copy(dataSource, RANKINGS_READ.formatted(project));
            Call copyModels = () -> copy(dataSource, MODELS_READ.formatted(project));
            Call quality = () -> get(http, base + "/quality", token);
            PageSession browser = PageSession.signIn(
                    URI.create("http://127.0.0.1:" + port), "bench-admin", "bench-password-123");
            Call page = () -> {
                PageSession.Page shown = browser.get("/projects/bench/quality");
                if (shown.status() != 200) {
                    throw new IllegalStateException("the quality page answered " + shown.status());
                }
            };
            Call leaderboard = () -> get(http, base + "/leaderboard", token);
            Call addRanking = () -> jdbc.sql("""
                            INSERT INTO ranking (task_id, item_id, project_id, annotator_id, tiers, displayed_order)
                            SELECT task_id, item_id, project_id, annotator_id, tiers, displayed_order
                            FROM ranking WHERE project_id = ? ORDER BY id LIMIT 1
                            """).param(project).update();

            // a new revision of the project row: nothing kept applies, every ranking is read again
            Call touchProject = () -> jdbc.sql("UPDATE project SET name = name WHERE id = ?")
                    .param(project)
                    .update();

            // warm-up: JIT compiles the read and the measures, on rankings not measured below
            for (int i = 0; i < 2; i++) {
                addRanking.run();
                quality.run();
                leaderboard.run();
                page.run();
                copyRankings.run();
                copyModels.run();
            }
            System.out.printf(Locale.ROOT, "load average before: %.2f%n", load());
            List<Row> rows = new ArrayList<>();
            rows.add(measure("raw: COPY rankings TO STDOUT", cold, () -> {}, copyRankings));
            rows.add(measure("raw: COPY candidate models TO STDOUT", cold, () -> {}, copyModels));
            rows.add(measure("GET /quality, first", cold, touchProject, quality));
            rows.add(measure("GET /quality, cold", cold, addRanking, quality));
            rows.add(measure("GET /quality, warm", warm, () -> {}, quality));
            rows.add(measure("GET /leaderboard, first", cold, touchProject, leaderboard));
            rows.add(measure("GET /leaderboard, cold", cold, addRanking, leaderboard));
            rows.add(measure("GET /leaderboard, warm", warm, () -> {}, leaderboard));
            rows.add(measure("quality page, first", cold, touchProject, page));
            rows.add(measure("quality page, cold", cold, addRanking, page));
            rows.add(measure("quality page, warm", warm, () -> {}, page));
            System.out.printf(Locale.ROOT, "load average after: %.2f%n%n", load());
            System.out.printf(Locale.ROOT, "%-40s %6s %10s %10s %10s%n", "what", "runs", "best ms", "median ms", "worst ms");
            for (Row row : rows) {
                System.out.printf(
                        Locale.ROOT,
                        "%-40s %6d %10.0f %10.0f %10.0f%n",
                        row.what(),
                        row.millis().length,
                        row.millis()[0],
                        row.millis()[row.millis().length / 2],
                        row.millis()[row.millis().length - 1]);
            }
            System.out.println("\ngoal: first and cold answers within 2,000 ms at 300,000 rankings");
        }
    }

    interface Call {
        void run() throws Exception;
    }

    record Row(String what, double[] millis) {}

    static Row measure(String what, int runs, Call before, Call call) throws Exception {
        double[] millis = new double[runs];
        for (int i = 0; i < runs; i++) {
            before.run();
            long start = System.nanoTime();
            call.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(millis);
        return new Row(what, millis);
    }

    static void get(HttpClient http, String url, String token) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    static void copy(DataSource dataSource, String query) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection
                    .unwrap(PGConnection.class)
                    .getCopyAPI()
                    .copyOut("COPY (" + query + ") TO STDOUT", new ExportBenchmark.CountingSink());
        }
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * The project {@code bench}: items, candidates of 10 models, done rank tasks and their rankings
     * (one of 6 orders per ranking, two with a tie), by 30 annotators. Returns the project id.
     */
    static long generate(JdbcClient jdbc, int items) {
        jdbc.sql("INSERT INTO project (slug, name, status) VALUES ('bench', 'Quality benchmark', 'ACTIVE')")
                .update();
        long project = jdbc.sql("SELECT id FROM project WHERE slug = 'bench'")
                .query(Long.class)
                .single();
        jdbc.sql("""
                INSERT INTO app_user (username, display_name, password_hash)
                SELECT 'annotator' || g, 'Annotator ' || g, '{noop}x' FROM generate_series(1, 30) g
                """).update();
        jdbc.sql("""
                INSERT INTO item (project_id, external_id, messages, metadata)
                SELECT ?, 'item-' || g,
                       jsonb_build_array(jsonb_build_object('role', 'user', 'content', 'Question ' || g)),
                       jsonb_build_object('category', (ARRAY['math', 'code', 'chat'])[g % 3 + 1])
                FROM generate_series(1, ?) g
                """).params(project, items).update();
        jdbc.sql("""
                INSERT INTO candidate (item_id, external_id, model, content)
                SELECT i.id, c, 'model-' || ((i.id * 7 + ascii(c)) % 10), 'Answer ' || c
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
        jdbc.sql("""
                INSERT INTO ranking (task_id, item_id, project_id, annotator_id, tiers, displayed_order,
                                     guideline_version, submitted_at)
                SELECT t.id, t.item_id, t.project_id, t.assignee_id,
                       (ARRAY['[["a"], ["b"], ["c"], ["d"]]', '[["b"], ["a"], ["d"], ["c"]]',
                              '[["a", "b"], ["c"], ["d"]]', '[["c"], ["a"], ["b"], ["d"]]',
                              '[["a"], ["c", "d"], ["b"]]', '[["d"], ["b"], ["a"], ["c"]]'])
                           [(t.item_id * 3 + t.id) % 6 + 1]::jsonb,
                       '["d", "c", "b", "a"]'::jsonb, 1, now() - interval '1 day'
                FROM task t WHERE t.project_id = ?
                """).param(project).update();
        jdbc.sql("VACUUM ANALYZE").update();
        return project;
    }
}
