package dev.feedloop.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.feedloop.FeedloopApplication;
import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.UserView;
import dev.feedloop.generation.GenerationRuns;
import dev.feedloop.generation.RunRequest;
import dev.feedloop.generation.RunView;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A generation run of N items against a stub OpenAI-compatible endpoint (WireMock in this JVM) that
 * answers every chat completion after a fixed delay, with the endpoint's limit of requests at once
 * set to C: requests per second against the ideal C / delay, and the latency of the project's
 * overview page and of the generation page's polled list, requested while the run runs (and before
 * it, on the idle server, for comparison).
 *
 * <pre>
 * ./mvnw -Pbench test-compile exec:exec -Dbench.class=dev.feedloop.bench.GenerationBenchmark
 * </pre>
 *
 * Arguments ({@code -Dbench.args="items=2000"}): items (10000), delay in ms (200), concurrency (32),
 * pageEvery: ms between page requests (250).
 */
public final class GenerationBenchmark {

    private static final String MODEL = "bench-stub-model";

    public static void main(String[] args) throws Exception {
        Arguments arguments = Arguments.parse(args, "items", "delay", "concurrency", "pageEvery");
        int items = arguments.integer("items", 10_000);
        int delay = arguments.integer("delay", 200);
        int concurrency = arguments.integer("concurrency", 32);
        int pageEvery = arguments.integer("pageEvery", 250);
        WireMockServer stub = new WireMockServer(options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(concurrency * 2 + 16)
                .jettyAcceptors(2)
                .disableRequestJournal());
        stub.start();
        stub.stubFor(post(urlEqualTo("/v1/chat/completions"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withFixedDelay(delay)
                        .withBody("""
                                {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"%s",
                                 "choices":[{"index":0,"message":{"role":"assistant","content":"A generated answer.","refusal":null},
                                             "logprobs":null,"finish_reason":"stop"}],
                                 "usage":{"prompt_tokens":24,"completion_tokens":5,"total_tokens":29}}
                                """.formatted(MODEL))));
        try (BenchDatabase db = BenchDatabase.start(Duration.ofSeconds(60));
                ConfigurableApplicationContext app = new SpringApplicationBuilder(FeedloopApplication.class)
                        .properties(db.serverProperties(
                                "server.port=0",
                                "server.address=127.0.0.1",
                                "spring.main.banner-mode=off",
                                "logging.level.root=WARN",
                                "feedloop.admin.password=bench-admin-password"))
                        .run()) {
            run(app, "http://127.0.0.1:" + stub.port() + "/v1", items, delay, concurrency, pageEvery);
        } finally {
            stub.stop();
        }
    }

    private static void run(
            ConfigurableApplicationContext app, String baseUrl, int items, int delay, int concurrency, int pageEvery)
            throws Exception {
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        TestData data = TestData.in(app);
        TestProject project = data.project().demonstrations(0).rankings(1).create();
        long setup = System.nanoTime();
        data.items(project, "g", items, 1);
        long endpoint = jdbc.sql("""
                        INSERT INTO model_endpoint (name, base_url, model, max_tokens, concurrency_limit, requests_per_minute)
                        VALUES ('Stub', :url, :model, 64, :concurrency, 100000) RETURNING id
                        """)
                .param("url", baseUrl)
                .param("model", MODEL)
                .param("concurrency", concurrency)
                .query(Long.class)
                .single();
        jdbc.sql("VACUUM ANALYZE").update();
        UserView adminUser = data.admin();
        AccountPrincipal admin = TestData.principal(adminUser);
        URI server = URI.create("http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port"));
        PageSession browser = PageSession.signIn(server, adminUser.username(), TestData.PASSWORD);
        String overview = "/projects/" + project.slug();
        String runList = overview + "/generation/runs";
        System.out.printf(
                Locale.ROOT,
                "%n%,d items, stub endpoint answering in %d ms, %d requests at once; set up in %.1f s%n",
                items,
                delay,
                concurrency,
                (System.nanoTime() - setup) / 1e9);

        // The idle server: warm the page paths up, then measure them.
        for (int i = 0; i < 100; i++) {
            browser.get(overview);
            browser.get(runList);
        }
        List<Long> idleOverview = new ArrayList<>();
        List<Long> idleList = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            idleOverview.add(timed(browser, overview));
            idleList.add(timed(browser, runList));
        }

        String loadBefore = QueueBenchmark.loadAverage();
        GenerationRuns runs = app.getBean(GenerationRuns.class);
        long started = System.nanoTime();
        RunView run = runs.start(
                admin,
                project.slug(),
                new RunRequest(List.of(endpoint), RunRequest.RunItems.ALL, null, Map.of(), 1, null));
        List<Long> busyOverview = new ArrayList<>();
        List<Long> busyList = new ArrayList<>();
        AtomicBoolean running = new AtomicBoolean(true);
        Thread pages = Thread.ofPlatform().name("page-requests").start(() -> {
            try {
                while (running.get()) {
                    busyOverview.add(timed(browser, overview));
                    busyList.add(timed(browser, runList));
                    Thread.sleep(pageEvery);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // Progress once a second: the steady rate leaves out the first and last 10 % of the units
        // (workers starting, the tail where fewer than C units are left).
        RunView now = run;
        long firstTenth = 0;
        long lastTenth = 0;
        int atFirstTenth = 0;
        int atLastTenth = 0;
        int maxInFlight = 0;
        while (now.isRunning()) {
            Thread.sleep(200);
            now = runs.get(admin, project.slug(), run.id());
            int answered = now.done() + now.failed();
            maxInFlight = Math.max(maxInFlight, now.inFlight());
            if (firstTenth == 0 && answered >= now.total() / 10) {
                firstTenth = System.nanoTime();
                atFirstTenth = answered;
            }
            if (lastTenth == 0 && answered >= now.total() * 9 / 10) {
                lastTenth = System.nanoTime();
                atLastTenth = answered;
            }
        }
        long finished = System.nanoTime();
        running.set(false);
        pages.join();
        String loadAfter = QueueBenchmark.loadAverage();

        double ideal = concurrency * 1000.0 / delay;
        double seconds = (finished - started) / 1e9;
        double overall = (now.done() + now.failed()) / seconds;
        double steady = lastTenth > firstTenth
                ? (atLastTenth - atFirstTenth) / ((lastTenth - firstTenth) / 1e9)
                : Double.NaN;
        System.out.printf(
                Locale.ROOT,
                "%nRun %d: %,d done, %,d failed in %.1f s; most requests in flight seen: %d"
                        + " (load average before: %s, after: %s)%n%n",
                now.id(),
                now.done(),
                now.failed(),
                seconds,
                maxInFlight,
                loadBefore,
                loadAfter);
        System.out.printf(Locale.ROOT, "%-42s %12s %10s%n", "throughput", "requests/s", "of ideal");
        System.out.printf(Locale.ROOT, "%-42s %12.1f %9.0f%%%n", "ideal: " + concurrency + " / " + delay + " ms", ideal, 100.0);
        System.out.printf(Locale.ROOT, "%-42s %12.1f %9.0f%%%n", "whole run (start to last answer)", overall, 100 * overall / ideal);
        System.out.printf(Locale.ROOT, "%-42s %12.1f %9.0f%%%n", "steady (10 % to 90 % of the units)", steady, 100 * steady / ideal);
        System.out.printf(Locale.ROOT, "%n%-42s %8s %8s %8s %8s%n", "page requests", "count", "p50 ms", "p95 ms", "p99 ms");
        print("project overview, idle server", idleOverview);
        print("project overview, during the run", busyOverview);
        print("generation run list, idle server", idleList);
        print("generation run list, during the run", busyList);
    }

    private static long timed(PageSession browser, String path) throws Exception {
        long start = System.nanoTime();
        PageSession.Page page = browser.get(path);
        long nanos = System.nanoTime() - start;
        if (page.status() != 200) {
            throw new IllegalStateException(path + " answered " + page.status());
        }
        return nanos;
    }

    private static void print(String what, List<Long> nanos) {
        Latencies latencies = Latencies.of(nanos.stream().mapToLong(Long::longValue).toArray(), nanos.size());
        System.out.printf(
                Locale.ROOT,
                "%-42s %8d %8.1f %8.1f %8.1f%n",
                what,
                latencies.count(),
                latencies.percentile(0.5),
                latencies.percentile(0.95),
                latencies.percentile(0.99));
    }
}
