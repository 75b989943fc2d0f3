package dev.feedloop.bench;

import dev.feedloop.FeedloopApplication;
import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.NewUser;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import dev.feedloop.export.DatasetExporter;
import dev.feedloop.export.ExportBenchmarkAccess;
import dev.feedloop.export.ExportKind;
import dev.feedloop.export.ExportParameters;
import dev.feedloop.workqueue.RawQueue;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the database holds at size: one project with {@code rankings} judgments (10 million by
 * default) and what goes with them, generated with set-based SQL in chunks, then the size of every
 * table and its indexes, and the time of the hot statements at that size.
 *
 * <p>The mix, per item: 4 candidates of about 500 characters, 3 rank tasks (done) with 3 rankings
 * and 3 assignments, the work queue's row, and on one item in 10 a write task with its
 * demonstration and assignment: rankings / 3 items. 30 annotators made all of it. The secondary
 * indexes are dropped while the rows go in (and foreign keys are not checked: {@code
 * session_replication_role = replica}) and built again afterwards, so the sizes are those of
 * freshly built indexes; grown one row at a time they are up to a third larger. Then {@code open}
 * more items (3 open rank tasks each) give the claim something to find.
 *
 * <p>Timed at that size: claim + submit cycles through the queue's own statements ({@link RawQueue},
 * one annotator after the other), the claim's shared buffers, the preference export's statement
 * copied to a null sink next to the raw {@code COPY} of the project's rankings, and the quality
 * page's reads (every ranking of the project, the candidates' models). Arguments ({@code
 * name=value}): {@code rankings}, {@code chunk} (items per generating statement), {@code open}, {@code
 * cycles}, {@code export} (0 leaves the export statement out: about 5 lines per ranking, minutes at
 * 10 million).
 */
public final class CapacityBenchmark {

    private static final List<String> TABLES =
            List.of("item", "candidate", "queue_item", "task", "item_assignment", "ranking", "demonstration");

    public static void main(String[] args) throws Exception {
        Arguments arguments = Arguments.parse(args, "rankings", "chunk", "open", "cycles", "export");
        long rankings = (long) arguments.number("rankings", 10_000_000);
        int chunk = arguments.integer("chunk", 250_000);
        int open = arguments.integer("open", 100_000);
        int cycles = arguments.integer("cycles", 3_000);
        boolean exporting = arguments.integer("export", 1) == 1;
        long items = rankings / 3;
        try (BenchDatabase db = BenchDatabase.start(Duration.ofSeconds(60));
                ConfigurableApplicationContext app = new SpringApplicationBuilder(FeedloopApplication.class)
                        .properties(db.serverProperties(
                                "server.port=0",
                                "server.address=127.0.0.1",
                                "spring.main.banner-mode=off",
                                "logging.level.root=WARN",
                                "feedloop.admin.password=bench-password-123"))
                        .run()) {
            DataSource dataSource = app.getBean(DataSource.class);
            JdbcClient jdbc = app.getBean(JdbcClient.class);
            UserView admin = app.getBean(Users.class)
                    .create(new NewUser("bench-admin", "bench-password-123", "Bench", true));
            jdbc.sql("INSERT INTO project (slug, name, status) VALUES ('bench', 'Capacity benchmark', 'ACTIVE')")
                    .update();
            long project = jdbc.sql("SELECT id FROM project WHERE slug = 'bench'")
                    .query(Long.class)
                    .single();
            long firstAnnotator = jdbc.sql("""
                            WITH added AS (
                                INSERT INTO app_user (username, display_name, password_hash)
                                SELECT 'annotator' || g, 'Annotator ' || g, '{noop}x' FROM generate_series(1, 30) g
                                RETURNING id)
                            SELECT min(id) FROM added
                            """)
                    .query(Long.class)
                    .single();
            jdbc.sql("""
                    INSERT INTO project_member (project_id, user_id, roles)
                    SELECT ?, id, ARRAY['ANNOTATOR'] FROM app_user WHERE username LIKE 'annotator%'
                    """).param(project).update();

            System.out.printf(
                    Locale.ROOT,
                    "Generating %,d items (%,d rankings) in chunks of %,d; load average %.2f%n",
                    items,
                    items * 3,
                    chunk,
                    load());
            long started = System.nanoTime();
            List<String> indexes;
            try (Connection connection = dataSource.getConnection()) {
                JdbcClient bulk = JdbcClient.create(new SingleConnectionDataSource(connection, true));
                indexes = dropSecondaryIndexes(bulk);
                bulk.sql("SET session_replication_role = replica").update();
                for (long from = 1; from <= items; from += chunk) {
                    long to = Math.min(items, from + chunk - 1);
                    long chunkStarted = System.nanoTime();
                    addItems(bulk, project, firstAnnotator, from, to, true);
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    System.out.printf(
                            Locale.ROOT,
                            "  items %,d-%,d in %.1f s; %,.0f s so far, about %,.0f s to go (load %.2f)%n",
                            from,
                            to,
                            (System.nanoTime() - chunkStarted) / 1e9,
                            elapsed,
                            elapsed / to * (items - to),
                            load());
                }
                addItems(bulk, project, firstAnnotator, items + 1, items + open, false);
                bulk.sql("SET session_replication_role = DEFAULT").update();
                System.out.printf(
                        Locale.ROOT, "Rows in %.1f s; building %d indexes%n", (System.nanoTime() - started) / 1e9, indexes.size());
                bulk.sql("SET maintenance_work_mem = '512MB'").update();
                for (String index : indexes) {
                    long indexStarted = System.nanoTime();
                    bulk.sql(index).update();
                    System.out.printf(Locale.ROOT, "  %.1f s: %s%n", (System.nanoTime() - indexStarted) / 1e9, index);
                }
                long vacuumStarted = System.nanoTime();
                bulk.sql("VACUUM ANALYZE").update();
                System.out.printf(Locale.ROOT, "VACUUM ANALYZE in %.1f s%n", (System.nanoTime() - vacuumStarted) / 1e9);
            }
            System.out.printf(
                    Locale.ROOT,
                    "Set up in %.1f s (load average %.2f)%n%n",
                    (System.nanoTime() - started) / 1e9,
                    load());
            printSizes(jdbc);
            printIndexSizes(jdbc);

            List<Long> annotators = jdbc.sql("SELECT id FROM app_user WHERE username LIKE 'annotator%' ORDER BY id")
                    .query(Long.class)
                    .list();
            RawQueue queue = new RawQueue(dataSource, app.getBean(JsonMapper.class), project, 600);
            System.out.printf(Locale.ROOT, "%nload average before the statements: %.2f%n", load());
            List<Row> rows = new ArrayList<>();
            double[] cycle = new double[cycles];
            for (int i = 0; i < cycles; i++) {
                long at = System.nanoTime();
                if (!queue.cycle(annotators.get(i % annotators.size()))) {
                    throw new IllegalStateException("the queue ran dry after " + i + " cycles");
                }
                cycle[i] = (System.nanoTime() - at) / 1e6;
            }
            rows.add(Row.of("claim + submit cycle (RawQueue), one at a time", cycle));
            System.out.printf(
                    Locale.ROOT,
                    "shared buffers one claim reads: %d%n",
                    queue.claimBuffers(annotators.getFirst()));

            var principal = new AccountPrincipal(admin.id(), admin.username(), "Bench", true, true, null);
            String export = ExportBenchmarkAccess.copyStatement(app.getBean(DatasetExporter.class)
                    .prepare("bench", principal, ExportKind.PREFERENCES, ExportParameters.of("trl")));
            rows.add(timed(
                    "raw: COPY (project's rankings) TO STDOUT",
                    dataSource,
                    "COPY (SELECT * FROM ranking WHERE project_id = " + project + ") TO STDOUT"));
            if (exporting) {
                rows.add(timed("export: preferences (TRL) statement, COPY", dataSource, export));
            }
            rows.add(timed(
                    "quality page: rankings read, COPY",
                    dataSource,
                    "COPY (" + QualityBenchmark.RANKINGS_READ.formatted(project) + ") TO STDOUT"));
            rows.add(timed(
                    "quality page: candidate models read, COPY",
                    dataSource,
                    "COPY (" + QualityBenchmark.MODELS_READ.formatted(project) + ") TO STDOUT"));
            System.out.printf(Locale.ROOT, "load average after: %.2f%n%n", load());
            System.out.printf(
                    Locale.ROOT, "%-50s %8s %10s %10s %10s %14s%n", "what", "runs", "p50 ms", "p99 ms", "max ms", "rows");
            for (Row row : rows) {
                System.out.printf(
                        Locale.ROOT,
                        "%-50s %8d %10.1f %10.1f %10.1f %14s%n",
                        row.what(),
                        row.millis().length,
                        row.percentile(0.50),
                        row.percentile(0.99),
                        row.millis()[row.millis().length - 1],
                        row.rows() < 0 ? "" : String.format(Locale.ROOT, "%,d", row.rows()));
            }
        }
    }

    /**
     * Items {@code from}..{@code to} of the project with their candidates and queue rows; judged:
     * three done rank tasks, rankings and assignments each, and on one item in 10 a done write task
     * with its demonstration; else three open rank tasks.
     */
    static void addItems(JdbcClient jdbc, long project, long firstAnnotator, long from, long to, boolean judged) {
        Map<String, Object> range = jdbc.sql("""
                        WITH added AS (
                            INSERT INTO item (project_id, external_id, messages)
                            SELECT :project, 'item-' || g, jsonb_build_array(
                                jsonb_build_object('role', 'system', 'content', 'You are a helpful assistant.'),
                                jsonb_build_object('role', 'user', 'content',
                                    'Question ' || g || ': how does ' || md5(g::text) || ' work? Explain it step by step.'))
                            FROM generate_series(:from, :to) g
                            RETURNING id)
                        SELECT min(id) AS low, max(id) AS high FROM added
                        """)
                .param("project", project)
                .param("from", from)
                .param("to", to)
                .query()
                .singleRow();
        long low = ((Number) range.get("low")).longValue();
        long high = ((Number) range.get("high")).longValue();
        jdbc.sql("""
                INSERT INTO candidate (item_id, external_id, model, content)
                SELECT i.id, c, 'model-' || ((i.id + ascii(c)) % 10),
                       'Answer ' || c || ' to question ' || i.id || E'.\\n\\n'
                       || repeat('Here is one more sentence of the explanation, with its details. ', 7)
                FROM generate_series(:low, :high) i(id) CROSS JOIN unnest(ARRAY['a', 'b', 'c', 'd']) c
                """).param("low", low).param("high", high).update();
        jdbc.sql("""
                INSERT INTO queue_item (item_id, project_id, candidate_ids)
                SELECT i, :project, '["a", "b", "c", "d"]'::jsonb FROM generate_series(:low, :high) i
                """).param("project", project).param("low", low).param("high", high).update();
        if (!judged) {
            jdbc.sql("""
                    INSERT INTO task (project_id, item_id, kind, candidate_order)
                    SELECT :project, i, 'RANK', '["c", "a", "d", "b"]'::jsonb
                    FROM generate_series(:low, :high) i CROSS JOIN generate_series(1, 3)
                    """).param("project", project).param("low", low).param("high", high).update();
            return;
        }
        // three different annotators per item; the rows below find the tasks by their id range
        Map<String, Object> tasks = jdbc.sql("""
                WITH added AS (
                INSERT INTO task (project_id, item_id, kind, state, assignee_id, lease_token, leased_at,
                                  candidate_order, done_at)
                SELECT :project, i, 'RANK', 'DONE', :first + (i + k * 7) % 30, gen_random_uuid(),
                       now() - interval '1 day', '["c", "a", "d", "b"]'::jsonb, now() - interval '1 day'
                FROM generate_series(:low, :high) i CROSS JOIN generate_series(0, 2) k
                UNION ALL
                SELECT :project, i, 'WRITE', 'DONE', :first + (i + 5) % 30, gen_random_uuid(),
                       now() - interval '1 day', NULL::jsonb, now() - interval '1 day'
                FROM generate_series(:low, :high) i WHERE i % 10 = 0
                RETURNING id)
                SELECT min(id) AS low, max(id) AS high FROM added
                """)
                .param("project", project)
                .param("first", firstAnnotator)
                .param("low", low)
                .param("high", high)
                .query()
                .singleRow();
        long firstTask = ((Number) tasks.get("low")).longValue();
        long lastTask = ((Number) tasks.get("high")).longValue();
        jdbc.sql("""
                INSERT INTO item_assignment (item_id, kind, user_id, task_id, state, lease_token, leased_at,
                                             guideline_version)
                SELECT item_id, kind, assignee_id, id, 'JUDGED', lease_token, leased_at, 1
                FROM task WHERE id BETWEEN :low AND :high
                """).param("low", firstTask).param("high", lastTask).update();
        jdbc.sql("""
                INSERT INTO ranking (task_id, item_id, project_id, annotator_id, tiers, displayed_order, ratings,
                                     guideline_version, lease_token, started_at, submitted_at, active_seconds)
                SELECT id, item_id, project_id, assignee_id,
                       (ARRAY['[["a"], ["b"], ["c"], ["d"]]', '[["b"], ["c", "a"], ["d"]]', '[["c", "d"], ["a"], ["b"]]'])
                           [1 + id % 3]::jsonb,
                       candidate_order, '{"a": {"helpfulness": 6}}'::jsonb, 1, lease_token,
                       done_at - interval '40 seconds', done_at, 40
                FROM task WHERE id BETWEEN :low AND :high AND kind = 'RANK'
                """).param("low", firstTask).param("high", lastTask).update();
        jdbc.sql("""
                INSERT INTO demonstration (task_id, item_id, project_id, author_id, content, guideline_version,
                                           lease_token, started_at, submitted_at, active_seconds)
                SELECT id, item_id, project_id, assignee_id,
                       'The ideal reply to question ' || item_id || E'.\\n\\n'
                       || repeat('A written sentence of the reply, as a labeler puts it. ', 12),
                       1, lease_token, done_at - interval '5 minutes', done_at, 300
                FROM task WHERE id BETWEEN :low AND :high AND kind = 'WRITE'
                """).param("low", firstTask).param("high", lastTask).update();
    }

    /** Drops the indexes of {@link #TABLES} that back no constraint; answers their definitions. */
    static List<String> dropSecondaryIndexes(JdbcClient jdbc) {
        List<Map<String, Object>> found = jdbc.sql("""
                        SELECT i.indexname, i.indexdef FROM pg_indexes i
                        WHERE i.schemaname = current_schema() AND i.tablename = ANY (?)
                          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexname::regclass)
                        """)
                .param(TABLES.toArray(String[]::new))
                .query()
                .listOfRows();
        for (Map<String, Object> index : found) {
            jdbc.sql("DROP INDEX " + index.get("indexname")).update();
        }
        return found.stream().map(index -> (String) index.get("indexdef")).toList();
    }

    static void printSizes(JdbcClient jdbc) {
        System.out.printf(
                Locale.ROOT,
                "%-16s %14s %12s %12s %12s %12s%n",
                "table",
                "rows",
                "table MB",
                "TOAST MB",
                "indexes MB",
                "total MB");
        long[] sum = new long[4];
        for (String table : TABLES) {
            Map<String, Object> size = jdbc.sql("""
                            SELECT c.reltuples::bigint AS rows, pg_relation_size(c.oid) AS heap,
                                   coalesce(pg_total_relation_size(c.reltoastrelid), 0) AS toast,
                                   pg_indexes_size(c.oid) AS indexes, pg_total_relation_size(c.oid) AS total
                            FROM pg_class c WHERE c.oid = ?::regclass
                            """)
                    .param(table)
                    .query()
                    .singleRow();
            long[] values = {
                ((Number) size.get("heap")).longValue(),
                ((Number) size.get("toast")).longValue(),
                ((Number) size.get("indexes")).longValue(),
                ((Number) size.get("total")).longValue()
            };
            for (int i = 0; i < 4; i++) {
                sum[i] += values[i];
            }
            System.out.printf(
                    Locale.ROOT,
                    "%-16s %,14d %,12.0f %,12.0f %,12.0f %,12.0f%n",
                    table,
                    ((Number) size.get("rows")).longValue(),
                    values[0] / 1e6,
                    values[1] / 1e6,
                    values[2] / 1e6,
                    values[3] / 1e6);
        }
        System.out.printf(
                Locale.ROOT,
                "%-16s %14s %,12.0f %,12.0f %,12.0f %,12.0f%n",
                "all of these",
                "",
                sum[0] / 1e6,
                sum[1] / 1e6,
                sum[2] / 1e6,
                sum[3] / 1e6);
        System.out.printf(
                Locale.ROOT,
                "database: %,.0f MB%n%n",
                jdbc.sql("SELECT pg_database_size(current_database())")
                                .query(Long.class)
                                .single()
                        / 1e6);
    }

    static void printIndexSizes(JdbcClient jdbc) {
        System.out.printf(Locale.ROOT, "%-40s %-16s %12s%n", "index", "table", "MB");
        jdbc.sql("""
                        SELECT indexrelid::regclass::text AS index, indrelid::regclass::text AS tab,
                               pg_relation_size(indexrelid) AS size
                        FROM pg_index WHERE indrelid::regclass::text = ANY (?) ORDER BY 2, 1
                        """)
                .param(TABLES.toArray(String[]::new))
                .query((rs, n) -> String.format(
                        Locale.ROOT,
                        "%-40s %-16s %,12.0f",
                        rs.getString("index"),
                        rs.getString("tab"),
                        rs.getLong("size") / 1e6))
                .list()
                .forEach(System.out::println);
    }

    record Row(String what, double[] millis, long rows) {

        static Row of(String what, double[] millis) {
            double[] sorted = millis.clone();
            Arrays.sort(sorted);
            return new Row(what, sorted, -1);
        }

        double percentile(double p) {
            return millis[Math.min(millis.length - 1, (int) Math.ceil(p * millis.length) - 1)];
        }
    }

    /** One {@code COPY … TO STDOUT} into a null sink. */
    static Row timed(String what, DataSource dataSource, String copy) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            long at = System.nanoTime();
            long rows = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copy, new ExportBenchmark.CountingSink());
            return new Row(what, new double[] {(System.nanoTime() - at) / 1e6}, rows);
        }
    }

    static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
