package dev.feedloop.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.feedloop.FeedloopApplication;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import dev.feedloop.workqueue.RawQueue;
import dev.feedloop.workqueue.TaskKind;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The page path: "submit and open the next task" on the write and the rank page, as the browser
 * does it, for 32 people signed in through the login form at once, each submitting as soon as the
 * next page is there: the form POST (with the CSRF token, the lease token and the page's fields),
 * then the GET of the page it redirects to, which claims and renders the next task. Measured from
 * sending the POST to the last byte of the next page, on loopback, so it is the server's time plus
 * a loopback round trip. Next to it, in the same run, the same queue statements over JDBC by as
 * many threads (the limit). Items are shaped like real ones: a system and a user message, 4 answers
 * of about 1,000 characters of Markdown; the project has the default rating dimensions and flags.
 *
 * <pre>
 * ./mvnw -Pbench test-compile exec:exec -Dbench.class=dev.feedloop.bench.PageBenchmark
 * </pre>
 *
 * Arguments ({@code -Dbench.args="name=value ..."}): {@code people} (32), {@code seconds} per
 * measurement (20), {@code items} (50000).
 */
public final class PageBenchmark {

    private static final Pattern WRITE_ACTION = Pattern.compile("action=\"(/projects/[^/\"]+/write/(\\d+))\"");
    private static final Pattern RANK_ACTION = Pattern.compile("action=\"(/projects/[^/\"]+/rank/(\\d+))\"");
    private static final Pattern LEASE_TOKEN = Pattern.compile("name=\"leaseToken\" value=\"([^\"]+)\"");
    private static final Pattern DRAFT_VERSION = Pattern.compile("name=\"draftVersion\"[^>]*value=\"([^\"]*)\"");
    private static final Pattern START_FROM = Pattern.compile("data-start-from=\"([^\"]+)\"");
    private static final Pattern CANDIDATE = Pattern.compile("name=\"candidate\" value=\"([^\"]+)\"");
    private static final Pattern RATING = Pattern.compile("name=\"rating-0-(\\d+)\"");
    private static final Pattern FLASH_ERROR =
            Pattern.compile("class=\"flash flash-error\"[^>]*>\\s*<span>([^<]*)</span>");

    private static final String PROMPT = """
            I maintain a small Spring Boot service that imports CSV files of customer orders. Imports of \
            large files sometimes fail half-way and leave partial data behind. How should I structure the \
            import so that a failure leaves nothing behind, and how do I report which line was wrong?""";

    private static final String ANSWER = """
            Make the import **all or nothing** and validate before you write.

            1. Read the file once and check every line: required columns, number formats, dates. Collect \
            the problems with their line numbers instead of stopping at the first one.
            2. Only when no line is wrong, write everything in **one transaction**. If anything fails, \
            roll back: the database is left as it was.
            3. Report the problems as a list: `line 17, column "amount": not a number`.

            ```java
            @Transactional
            public ImportResult importOrders(Path file) {
                List<Problem> problems = validate(file);
                if (!problems.isEmpty()) {
                    throw new InvalidImportException(problems);
                }
                return write(file);
            }
            ```

            For very large files, stream the rows with a batch insert (or `COPY`) so the memory used \
            stays flat, and keep the transaction short by doing the validation pass first.""";

    public static void main(String[] args) throws Exception {
        Arguments arguments = Arguments.parse(args, "people", "seconds", "items", "warmup", "think");
        int people = arguments.integer("people", 32);
        int seconds = arguments.integer("seconds", 20);
        int items = arguments.integer("items", 50_000);
        Duration warmup = Duration.ofSeconds(arguments.integer("warmup", 120));
        Duration think = Duration.ofMillis(Math.round(arguments.number("think", 2) * 1000));
        // Overload makes requests wait for a connection: in a benchmark that is latency to measure, not an
        // outage to answer with 503. A system property, as application.properties outranks the builder's.
        System.setProperty("spring.datasource.hikari.connection-timeout", "60000");
        try (BenchDatabase db = BenchDatabase.start(Duration.ofSeconds(60));
                ConfigurableApplicationContext app = new SpringApplicationBuilder(FeedloopApplication.class)
                        .properties(db.serverProperties(
                                "server.port=0",
                                "server.address=127.0.0.1",
                                "spring.main.banner-mode=off",
                                "logging.level.root=WARN",
                                "feedloop.admin.password=bench-admin-password"))
                        .run()) {
            run(app, db, people, Duration.ofSeconds(seconds), items, warmup, think);
        }
    }

    private static void run(
            ConfigurableApplicationContext app,
            BenchDatabase db,
            int people,
            Duration duration,
            int items,
            Duration warmup,
            Duration think)
            throws Exception {
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        JsonMapper json = app.getBean(JsonMapper.class);
        TestData data = TestData.in(app);
        TestProject project = data.project()
                .demonstrations(1)
                .rankings(3)
                .dimensions("""
                        [{"name":"helpfulness","min":1,"max":7},{"name":"truthfulness","min":1,"max":7},
                         {"name":"harmlessness","min":1,"max":7}]""")
                .flags("[\"hallucination\",\"harmful\",\"refusal\",\"fails_instruction\",\"personal_data\"]")
                .create();
        long setup = System.nanoTime();
        data.items(project, "p", items, 4);
        realisticTexts(jdbc, project);
        data.guidelines(project, "# Guidelines\n\nWrite the answer an expert would give. Rank by helpfulness first.");
        jdbc.sql("VACUUM ANALYZE").update();
        System.out.printf(
                Locale.ROOT,
                "%nQueued %,d items x 4 answers (1 write + 3 rank tasks each) in %.1f s%n",
                items,
                (System.nanoTime() - setup) / 1e9);

        URI server = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
        long signIn = System.nanoTime();
        List<Browser> browsers = new ArrayList<>();
        for (Person person : data.people(project, people, "LABELER", "ANNOTATOR")) {
            browsers.add(
                    new Browser(PageSession.signIn(server, person.principal().getUsername(), TestData.PASSWORD)));
        }
        System.out.printf(
                Locale.ROOT,
                "%d people signed in through the login form in %.1f s%n",
                people,
                (System.nanoTime() - signIn) / 1e9);
        List<Person> rawPeople = data.people(project, people, "LABELER", "ANNOTATOR");
        int poolSize =
                app.getEnvironment().getProperty("spring.datasource.hikari.maximum-pool-size", Integer.class, 10);

        try (HikariDataSource raw = new HikariDataSource()) {
            raw.setJdbcUrl(db.url());
            raw.setUsername(db.username());
            raw.setPassword(db.password());
            raw.setMaximumPoolSize(poolSize);
            raw.setPoolName("bench-raw");
            RawQueue queue = new RawQueue(raw, json, project.id(), 30 * 60);

            // Warm-up: both pages and both raw cycles until the JIT compiler has nothing left to compile.
            for (Browser browser : browsers) {
                browser.open(TaskKind.WRITE, project.slug());
                browser.open(TaskKind.RANK, project.slug());
            }
            WarmUp.run(
                    "pages",
                    warmup,
                    Duration.ofSeconds(5),
                    browsers,
                    b -> b.submitAndNext(TaskKind.WRITE) && b.submitAndNext(TaskKind.RANK));
            WarmUp.run(
                    "JDBC",
                    warmup,
                    Duration.ofSeconds(5),
                    rawPeople,
                    p -> queue.cycle(TaskKind.WRITE, p.id()) && queue.cycle(TaskKind.RANK, p.id()));
            jdbc.sql("VACUUM ANALYZE task").update();
            for (Browser browser : browsers) {
                browser.bytes.set(0);
                browser.wireBytes.set(0);
                browser.pages.set(0);
            }

            String loadBefore = QueueBenchmark.loadAverage();
            List<ClosedLoop.Result> results = new ArrayList<>();
            List<String> sizes = new ArrayList<>();
            List<ClosedLoop.Result> paced = new ArrayList<>();
            for (TaskKind kind : List.of(TaskKind.WRITE, TaskKind.RANK)) {
                paced.add(ClosedLoop.paced(
                        "page, each person pausing " + think.toMillis() / 2 + "-" + think.toMillis() * 3 / 2
                                + " ms between cycles",
                        duration,
                        think,
                        browsers,
                        b -> b.submitAndNext(kind)));
                results.add(ClosedLoop.forDuration(
                        "page: POST submit + GET next page", duration, browsers, b -> b.submitAndNext(kind)));
                sizes.add(pageSize(kind, browsers));
                // The limit may be many times faster: it stops early rather than empty the queue.
                long left = Math.max(0, open(jdbc, kind) - 2L * people);
                ClosedLoop.Result limit = ClosedLoop.forDuration(
                        "JDBC: the same queue statements", duration, left, rawPeople, p -> queue.cycle(kind, p.id()));
                results.add(limit);
                if (limit.seconds() < duration.toNanos() / 1e9 * 0.9) {
                    sizes.add(String.format(
                            Locale.ROOT,
                            "NOTE: the %s limit ran out of tasks after %.1f s; give more items for a full measurement",
                            kind == TaskKind.WRITE ? "write" : "rank",
                            limit.seconds()));
                }
            }

            System.out.printf(
                    Locale.ROOT,
                    "%nSubmit and open the next task, %d people at once, %d s each (PostgreSQL %s, %d CPUs, pool of %d"
                            + " connections each; load average before: %s, after: %s)%n",
                    people,
                    duration.toSeconds(),
                    jdbc.sql("SHOW server_version").query(String.class).single(),
                    Runtime.getRuntime().availableProcessors(),
                    poolSize,
                    loadBefore,
                    QueueBenchmark.loadAverage());
            System.out.println("| page | path | cycles | cycles/s | p50 ms | p95 ms | p99 ms | JVM CPU ms / cycle"
                    + " | PostgreSQL CPU ms / cycle | page / JDBC |");
            System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (int i = 0; i < results.size(); i += 2) {
                String page = i == 0 ? "write" : "rank";
                ClosedLoop.Result p = results.get(i);
                ClosedLoop.Result j = results.get(i + 1);
                ClosedLoop.Result atPace = paced.get(i / 2);
                System.out.println(row(page, atPace, p95Goal(atPace)));
                System.out.println(row(page, p, p95Goal(p)));
                String ratio = j.cycles() == 0
                        ? "-"
                        : String.format(Locale.ROOT, "%.0f %%", 100 * p.perSecond() / j.perSecond());
                System.out.println(row(page, j, ratio));
            }
            sizes.forEach(System.out::println);
        }
    }

    /** Whether the p95 of a page row is under the goal of 100 ms. */
    private static String p95Goal(ClosedLoop.Result result) {
        return result.latencies().percentile(0.95) < 100 ? "p95 < 100 ms: yes" : "p95 < 100 ms: no";
    }

    private static String row(String page, ClosedLoop.Result result, String ratio) {
        return String.format(
                Locale.ROOT,
                "| %s | %s | %,d | %,.0f | %s | %s | %s | %s | %s |%s",
                page,
                result.path(),
                result.cycles(),
                result.perSecond(),
                result.ms(0.50),
                result.ms(0.95),
                result.ms(0.99),
                result.cpuCells(),
                ratio,
                result.dryNote());
    }

    private static String pageSize(TaskKind kind, List<Browser> browsers) {
        long pages = browsers.stream().mapToLong(b -> b.pages.getAndSet(0)).sum();
        long bytes = browsers.stream().mapToLong(b -> b.bytes.getAndSet(0)).sum();
        long wire = browsers.stream().mapToLong(b -> b.wireBytes.getAndSet(0)).sum();
        return String.format(
                Locale.ROOT,
                "%s page: %,d bytes of HTML on average, %,d bytes gzipped on the wire",
                kind == TaskKind.WRITE ? "write" : "rank",
                pages == 0 ? 0 : bytes / pages,
                pages == 0 ? 0 : wire / pages);
    }

    private static long open(JdbcClient jdbc, TaskKind kind) {
        return jdbc.sql("SELECT count(*) FROM task WHERE kind = ? AND state <> 'DONE'")
                .param(kind.name())
                .query(Long.class)
                .single();
    }

    /** Prompts and answers of a usual size and shape instead of the queue data's one-liners. */
    private static void realisticTexts(JdbcClient jdbc, TestProject project) {
        jdbc.sql("""
                        UPDATE item SET messages = jsonb_build_array(
                            jsonb_build_object('role', 'system', 'content', 'You are a careful senior engineer.'),
                            jsonb_build_object('role', 'user', 'content', :prompt || ' (' || external_id || ')'))
                        WHERE project_id = :project
                        """).param("prompt", PROMPT).param("project", project.id()).update();
        jdbc.sql("""
                        UPDATE candidate c SET content = :answer || E'\\n\\nAnswer ' || c.external_id || ' of ' || i.external_id
                        FROM item i WHERE i.id = c.item_id AND i.project_id = :project
                        """).param("answer", ANSWER).param("project", project.id()).update();
    }

    /** A signed-in browser with the task page it shows now. */
    private static final class Browser {
        private final PageSession session;
        private final AtomicLong bytes = new AtomicLong();
        private final AtomicLong wireBytes = new AtomicLong();
        private final AtomicLong pages = new AtomicLong();
        private PageSession.Page write;
        private PageSession.Page rank;

        Browser(PageSession session) {
            this.session = session;
        }

        void open(TaskKind kind, String slug) throws Exception {
            PageSession.Page page = session.get("/projects/" + slug + (kind == TaskKind.WRITE ? "/write" : "/rank"));
            expect(page, 200, "opening the " + kind + " page");
            show(kind, page);
        }

        /** Submits the task on the page shown and opens the next one; false when none was left. */
        boolean submitAndNext(TaskKind kind) throws Exception {
            PageSession.Page shown = kind == TaskKind.WRITE ? write : rank;
            Matcher action = (kind == TaskKind.WRITE ? WRITE_ACTION : RANK_ACTION).matcher(shown.html());
            if (!action.find()) {
                return false;
            }
            String lease = find(LEASE_TOKEN, shown.html());
            PageSession.Page submitted = session.post(
                    action.group(1), kind == TaskKind.WRITE ? writeForm(shown, lease) : rankForm(shown, lease));
            expect(submitted, 302, "submitting task " + action.group(2));
            PageSession.Page next = session.follow(submitted);
            expect(next, 200, "opening the next task after " + action.group(2));
            Matcher nextAction = (kind == TaskKind.WRITE ? WRITE_ACTION : RANK_ACTION).matcher(next.html());
            if (nextAction.find() && nextAction.group(2).equals(action.group(2))) {
                Matcher error = FLASH_ERROR.matcher(next.html());
                throw new IllegalStateException("The submit of task " + action.group(2) + " was refused: "
                        + (error.find() ? error.group(1).strip() : "no message"));
            }
            show(kind, next);
            return true;
        }

        private void show(TaskKind kind, PageSession.Page page) {
            if (kind == TaskKind.WRITE) {
                write = page;
            } else {
                rank = page;
            }
            pages.incrementAndGet();
            bytes.addAndGet(page.html().length());
            wireBytes.addAndGet(page.wireBytes());
        }

        /** The write form: the answer, started from the first candidate, as write.js submits it. */
        private static List<Map.Entry<String, String>> writeForm(PageSession.Page page, String lease) {
            Matcher version = DRAFT_VERSION.matcher(page.html());
            return List.of(
                    Map.entry("leaseToken", lease),
                    Map.entry("basedOnCandidateId", find(START_FROM, page.html())),
                    Map.entry("activeSeconds", "95"),
                    Map.entry("draftVersion", version.find() ? version.group(1) : "0"),
                    Map.entry("content", ANSWER + "\n\nEdited: keep the transaction short."));
        }

        /**
         * The rank form: the candidates in page order, a ranking with a tie as positions, every
         * rating, a flag now and then, the empty rationale, as rank.js and the form submit them.
         */
        private static List<Map.Entry<String, String>> rankForm(PageSession.Page page, String lease) {
            List<Map.Entry<String, String>> form = new ArrayList<>();
            form.add(Map.entry("leaseToken", lease));
            form.add(Map.entry("activeSeconds", "40"));
            List<String> candidates = new ArrayList<>();
            Matcher candidate = CANDIDATE.matcher(page.html());
            while (candidate.find()) {
                candidates.add(candidate.group(1));
                form.add(Map.entry("candidate", candidate.group(1)));
            }
            form.add(Map.entry("tiers", tiers(candidates.size())));
            int dimensions = (int) RATING.matcher(page.html())
                    .results()
                    .map(m -> m.group(1))
                    .distinct()
                    .count();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int c = 0; c < candidates.size(); c++) {
                for (int d = 0; d < dimensions; d++) {
                    form.add(Map.entry("rating-" + c + "-" + d, String.valueOf(1 + random.nextInt(7))));
                }
            }
            if (random.nextInt(5) == 0) {
                form.add(Map.entry("flag-" + random.nextInt(candidates.size()), "hallucination"));
            }
            form.add(Map.entry("rationale", ""));
            return form;
        }

        /** Positions best to worst, the middle two tied: {@code [[0],[1,2],[3]]} for four. */
        private static String tiers(int count) {
            if (count < 4) {
                StringBuilder tiers = new StringBuilder("[");
                for (int i = 0; i < count; i++) {
                    tiers.append(i > 0 ? "," : "").append('[').append(i).append(']');
                }
                return tiers.append(']').toString();
            }
            StringBuilder tiers = new StringBuilder("[[0],[1,2]");
            for (int i = 3; i < count; i++) {
                tiers.append(",[").append(i).append(']');
            }
            return tiers.append(']').toString();
        }

        private static String find(Pattern pattern, String html) {
            Matcher matcher = pattern.matcher(html);
            if (!matcher.find()) {
                throw new IllegalStateException("Not on the page: " + pattern);
            }
            return matcher.group(1);
        }

        private static void expect(PageSession.Page page, int status, String what) {
            if (page.status() != status) {
                throw new IllegalStateException(what + ": expected " + status + " but got " + page.status() + " "
                        + page.location() + " "
                        + page.html().substring(0, Math.min(500, page.html().length())));
            }
        }
    }
}
