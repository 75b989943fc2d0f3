package dev.feedloop.generation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.feedloop.FeedloopApplication;
import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.problems.Refusal;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generation runs against a real HTTP server speaking the chat completions API: candidates with
 * provenance and rank slots, retries (429 with Retry-After, 500, timeouts), a malformed answer
 * recorded as a failed unit and retried by hand, cancel, a second server taking over a run, a
 * crash after the model answered, and the endpoint's concurrency limit.
 */
@IntegrationTest
class GenerationRunsTests {

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("stub-gen-1");

    @Autowired
    GenerationRuns runs;

    @Autowired
    RunWorker worker;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    AccountPrincipal admin;
    TestProject project;

    @BeforeEach
    void project() {
        admin = TestData.principal(data.admin());
        project = data.project().demonstrations(0).rankings(1).create();
    }

    long endpoint(String name, int concurrency) {
        return jdbc.sql("""
                        INSERT INTO model_endpoint (name, base_url, model, temperature, max_tokens,
                                                    concurrency_limit, requests_per_minute)
                        VALUES (:name, :url, 'stub-gen-1', 0.70, 256, :concurrency, 10000) RETURNING id
                        """)
                .param("name", name)
                .param("url", MODEL.baseUrl())
                .param("concurrency", concurrency)
                .query(Long.class)
                .single();
    }

    List<Long> items(int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(data.item(project, "q-" + i, 0, "a"));
        }
        return ids;
    }

    RunView start(long endpoint, int samples) {
        return runs.start(
                admin,
                project.slug(),
                new RunRequest(List.of(endpoint), RunRequest.RunItems.ALL, null, Map.of(), samples, 42L));
    }

    RunView await(long runId, Predicate<RunView> condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            RunView run = runs.get(admin, project.slug(), runId);
            if (condition.test(run)) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("run " + runId + " is still " + runs.get(admin, project.slug(), runId));
    }

    RunView finished(long runId) throws InterruptedException {
        return await(runId, run -> !run.isRunning());
    }

    long generatedCandidates() {
        return jdbc.sql("SELECT count(*) FROM candidate WHERE external_id LIKE 'gen-%'")
                .query(Long.class)
                .single();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRunOverItemsMakesItemsTimesSamplesCandidatesWithProvenanceAndRankSlots() throws Exception {
        long endpoint = endpoint("Stub", 4);
        List<Long> items = items(3);
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE kind = 'RANK'")
                        .query(Long.class)
                        .single())
                .as("one candidate each: not rankable yet")
                .isZero();

        RunView run = finished(start(endpoint, 2).id());

        assertThat(run.status()).isEqualTo("FINISHED");
        assertThat(run.total()).isEqualTo(6);
        assertThat(run.done()).isEqualTo(6);
        assertThat(run.failed()).isZero();
        assertThat(run.promptTokens()).isEqualTo(6 * 12);
        assertThat(run.completionTokens()).isEqualTo(6);
        assertThat(generatedCandidates()).isEqualTo(6);
        for (long item : items) {
            assertThat(jdbc.sql("SELECT count(*) FROM task WHERE item_id = :item AND kind = 'RANK'")
                            .param("item", item)
                            .query(Long.class)
                            .single())
                    .as("the item's rank slot, made as an import makes it")
                    .isEqualTo(1);
            assertThat(jdbc.sql("SELECT jsonb_array_length(candidate_ids) FROM queue_item WHERE item_id = :item")
                            .param("item", item)
                            .query(Integer.class)
                            .single())
                    .isEqualTo(3);
        }
        Map<String, Object> provenance = json.readValue(
                jdbc.sql("SELECT provenance::text FROM candidate WHERE external_id = :id AND item_id = :item")
                        .param("id", "gen-" + run.id() + "-" + endpoint + "-2")
                        .param("item", items.getFirst())
                        .query(String.class)
                        .single(),
                new tools.jackson.core.type.TypeReference<>() {});
        assertThat(provenance)
                .containsEntry("source", "generation")
                .containsEntry("model", "stub-gen-1")
                .containsEntry("seed", 43)
                .containsEntry("promptTokens", 12)
                .containsEntry("completionTokens", 1)
                .containsEntry("finishReason", "STOP")
                .containsKeys("latencyMs", "generatedAt", "parameters");
        assertThat(provenance.get("endpoint")).isEqualTo(Map.of("id", (int) endpoint, "name", "Stub"));
        assertThat((Map<String, Object>) provenance.get("parameters"))
                .containsEntry("max_tokens", 256)
                .containsKey("temperature");
        assertThat(MODEL.requests().getFirst().getBodyAsString())
                .contains("\"seed\"")
                .contains("Question q-");
    }

    @Test
    void aTooManyRequestsAnswerIsTriedAgainAfterItsRetryAfter() throws Exception {
        long endpoint = endpoint("Limited", 1);
        items(1);
        MODEL.answerInTurn(
                ModelServer.error(429).withHeader("Retry-After", "1"), ModelServer.answering("stub-gen-1", "ok"));

        RunView run = finished(start(endpoint, 1).id());

        assertThat(run.done()).isEqualTo(1);
        List<ServeEvent> served = MODEL.served();
        assertThat(served).hasSize(2);
        long gap = served.get(1).getRequest().getLoggedDate().getTime()
                - served.get(0).getRequest().getLoggedDate().getTime();
        assertThat(gap).as("waited for Retry-After: 1").isGreaterThanOrEqualTo(950);
        assertThat(jdbc.sql("SELECT attempts FROM generation_unit")
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void aServerErrorAndATimeoutAreTriedAgain() throws Exception {
        long endpoint = endpoint("Flaky", 1);
        items(1);
        MODEL.answerInTurn(
                ModelServer.error(500),
                ModelServer.answering("stub-gen-1", "ok").withFixedDelay(3000),
                ModelServer.answering("stub-gen-1", "ok"));

        RunView run = finished(start(endpoint, 1).id());

        assertThat(run.done()).isEqualTo(1);
        assertThat(MODEL.served()).hasSize(3);
        assertThat(jdbc.sql("SELECT attempts FROM generation_unit")
                        .query(Integer.class)
                        .single())
                .isEqualTo(3);
        assertThat(generatedCandidates()).isEqualTo(1);
    }

    @Test
    void malformedJsonIsAFailedUnitThatBlocksNothingAndIsRetriedByHand() throws Exception {
        long endpoint = endpoint("Broken", 1);
        items(3);
        MODEL.answerInTurn(
                aResponse().withHeader("Content-Type", "application/json").withBody("{\"choices\": [ nope"),
                ModelServer.answering("stub-gen-1", "ok"));

        RunView run = finished(start(endpoint, 1).id());

        assertThat(run.status()).isEqualTo("FINISHED");
        assertThat(run.done()).isEqualTo(2);
        assertThat(run.failed()).isEqualTo(1);
        List<RunFailure> failures = runs.failures(admin, project.slug(), run.id(), 10);
        assertThat(failures).singleElement().satisfies(failure -> {
            assertThat(failure.code()).isEqualTo("not-openai");
            assertThat(failure.attempts()).isEqualTo(1);
            assertThat(failure.endpointName()).isEqualTo("Broken");
        });

        RunView retried =
                finished(runs.retryFailed(admin, project.slug(), run.id()).id());

        assertThat(retried.done()).isEqualTo(3);
        assertThat(retried.failed()).isZero();
        assertThat(generatedCandidates()).isEqualTo(3);
        assertThatThrownBy(() -> runs.retryFailed(admin, project.slug(), run.id()))
                .isInstanceOf(Refusal.class)
                .hasMessageContaining("nothingFailed");
    }

    @Test
    void cancelStopsHandingOutUnitsAndKeepsTheAnswersInFlight() throws Exception {
        long endpoint = endpoint("Slow", 1);
        items(10);
        MODEL.answer(ModelServer.answering("stub-gen-1", "ok").withFixedDelay(400));
        RunView started = start(endpoint, 1);
        await(started.id(), run -> run.done() >= 1);

        RunView cancelled = runs.cancel(admin, project.slug(), started.id());
        Thread.sleep(1200);

        RunView run = runs.get(admin, project.slug(), started.id());
        assertThat(cancelled.status()).isEqualTo("CANCELLED");
        assertThat(run.remaining()).isZero();
        assertThat(run.cancelled()).isGreaterThanOrEqualTo(6);
        assertThat(run.done() + run.cancelled()).isEqualTo(10);
        assertThat(generatedCandidates()).isEqualTo(run.done());
        assertThat(MODEL.served()).hasSize(run.done());
        assertThatThrownBy(() -> runs.cancel(admin, project.slug(), started.id()))
                .isInstanceOf(Refusal.class);
    }

    @Test
    void theEndpointsConcurrencyLimitHoldsAcrossWorkers() throws Exception {
        long endpoint = endpoint("Three at once", 3);
        items(12);
        MODEL.answer(ModelServer.answering("stub-gen-1", "ok").withFixedDelay(300));

        // a unit is RUNNING from its claim until its answer is recorded, and its request is sent
        // only in between: the most RUNNING units of the endpoint seen at once bound its requests
        // in flight (the server's own request log cannot: on a busy machine its times are off by
        // more than the gap between one answer and the next request)
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean watching = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                int running = jdbc.sql(
                                "SELECT count(*) FROM generation_unit WHERE endpoint_id = ? AND state = 'RUNNING'")
                        .param(endpoint)
                        .query(Integer.class)
                        .single();
                most.accumulateAndGet(running, Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        RunView run;
        try {
            run = finished(start(endpoint, 1).id());
        } finally {
            watching.set(false);
            watcher.join();
        }

        assertThat(run.done()).isEqualTo(12);
        assertThat(MODEL.served()).hasSize(12);
        assertThat(most.get()).as("units in flight at once").isBetween(2, 3);
    }

    @Test
    void aCrashAfterTheModelAnsweredDoesNotDuplicateTheCandidate() throws Exception {
        long endpoint = endpoint("Once", 2);
        items(2);
        RunView run = finished(start(endpoint, 1).id());
        assertThat(generatedCandidates()).isEqualTo(2);
        // the server died after writing the candidate and before the unit was marked done
        jdbc.sql("""
                        UPDATE generation_unit SET state = 'RUNNING', lease_until = now() - interval '1 second',
                                                   candidate_id = NULL
                        WHERE run_id = :run
                        """).param("run", run.id()).update();
        jdbc.sql("UPDATE generation_run SET status = 'RUNNING' WHERE id = :run")
                .param("run", run.id())
                .update();

        worker.work(run.id(), () -> false);

        RunView resumed = runs.get(admin, project.slug(), run.id());
        assertThat(resumed.status()).isEqualTo("FINISHED");
        assertThat(resumed.done()).isEqualTo(2);
        assertThat(generatedCandidates()).isEqualTo(2);
        assertThat(jdbc.sql("SELECT count(*) FROM generation_unit WHERE candidate_id IS NOT NULL")
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void aSecondServerTakesOverARunWhenTheFirstStops() throws Exception {
        long endpoint = endpoint("Shared", 2);
        items(16);
        MODEL.answer(ModelServer.answering("stub-gen-1", "ok").withFixedDelay(250));
        long runId;
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(FeedloopApplication.class)
                .properties(
                        "server.port=0",
                        "spring.main.banner-mode=off",
                        "spring.datasource.hikari.pool-name=second",
                        "feedloop.generation.runs.workers-per-run=1",
                        "feedloop.jobs.polling-interval=250ms")
                .run()) {
            runId = second.getBean(GenerationRuns.class)
                    .start(
                            admin,
                            project.slug(),
                            new RunRequest(List.of(endpoint), RunRequest.RunItems.ALL, null, Map.of(), 1, null))
                    .id();
            await(runId, run -> run.done() >= 3);
        }
        RunView run = finished(runId);

        assertThat(run.status()).isEqualTo("FINISHED");
        assertThat(run.done()).isEqualTo(16);
        assertThat(generatedCandidates()).isEqualTo(16);
        assertThat(jdbc.sql("SELECT count(DISTINCT claimed_by) FROM generation_unit")
                        .query(Long.class)
                        .single())
                .as("units answered by both servers")
                .isEqualTo(2);
        assertThat(MODEL.served()).hasSizeLessThanOrEqualTo(16 + 2);
    }
}
