package dev.feedloop.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writers' model calls under the endpoint's limits together with generation runs, against a real
 * HTTP server whose answers take their time: a call in flight fills the concurrency limit for
 * another call and for a run's units and the other way round, a full minute of requests asks to
 * wait until the next one, and an ended call frees its room.
 */
@IntegrationTest
class ModelCallLimitsTests {

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("limits-model");

    @Autowired
    ModelCalls calls;

    @Autowired
    RunUnits units;

    @Autowired
    GenerationRuns runs;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    AccountPrincipal admin;
    TestProject project;

    @BeforeEach
    void project() {
        admin = TestData.principal(data.admin());
        project = data.project().demonstrations(0).rankings(1).create();
    }

    long endpoint(int concurrency, int perMinute) {
        return jdbc.sql("""
                        INSERT INTO model_endpoint (name, base_url, model, concurrency_limit, requests_per_minute)
                        VALUES ('Shared', :url, 'limits-model', :concurrency, :perMinute) RETURNING id
                        """)
                .param("url", MODEL.baseUrl())
                .param("concurrency", concurrency)
                .param("perMinute", perMinute)
                .query(Long.class)
                .single();
    }

    void slowAnswers(int millis) {
        MODEL.answer(ModelServer.answering("limits-model", "ok").withFixedDelay(millis));
    }

    long leases() {
        return jdbc.sql("SELECT count(*) FROM model_call_lease")
                .query(Long.class)
                .single();
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("still not: " + what);
            }
            Thread.sleep(25);
        }
    }

    static ModelCallFailed busy(Runnable call) {
        try {
            call.run();
        } catch (ModelCallFailed failed) {
            return failed;
        }
        throw new AssertionError("the call was not refused");
    }

    @Test
    void aCallInFlightFillsTheConcurrencyLimitForAnotherCallUntilItEnds() throws Exception {
        long endpoint = endpoint(1, 1000);
        slowAnswers(1500);
        CompletableFuture<ModelAnswer> first =
                CompletableFuture.supplyAsync(() -> calls.complete(endpoint, List.of(ChatTurn.user("first"))));
        await(() -> leases() == 1, "the first call holds its room");

        ModelCallFailed refused = busy(() -> calls.complete(endpoint, List.of(ChatTurn.user("second"))));
        assertThat(refused.messageCode()).isEqualTo("assist.error.busy");
        assertThat(refused.messageArguments()).containsExactly("Shared", RunUnits.BUSY_WAIT.toSeconds());
        assertThat(MODEL.requests()).as("the refused call sent nothing").hasSize(1);

        assertThat(first.get().text()).isEqualTo("ok");
        assertThat(leases()).as("an ended call frees its room").isZero();
        slowAnswers(0);
        assertThat(calls.complete(endpoint, List.of(ChatTurn.user("third"))).text())
                .isEqualTo("ok");
    }

    @Test
    void aStreamedDraftHoldsItsRoomUntilItEndsAndABusyDraftFailsBeforeSending() throws Exception {
        long endpoint = endpoint(1, 1000);
        slowAnswers(1500);
        CompletableFuture<ModelAnswer> critique =
                CompletableFuture.supplyAsync(() -> calls.complete(endpoint, List.of(ChatTurn.user("check"))));
        await(() -> leases() == 1, "the critique holds its room");

        assertThatThrownBy(() ->
                        calls.stream(endpoint, List.of(ChatTurn.user("draft"))).blockLast())
                .isInstanceOfSatisfying(
                        ModelCallFailed.class,
                        failed -> assertThat(failed.messageCode()).isEqualTo("assist.error.busy"));
        critique.get();
        assertThat(leases()).isZero();
    }

    @Test
    void aRunsUnitInFlightMakesTheWriterWaitAndAWritersCallHoldsBackTheRun() throws Exception {
        long endpoint = endpoint(1, 1000);
        data.item(project, "q-1", 0, "a");
        slowAnswers(1500);
        long run = runs.start(
                        admin,
                        project.slug(),
                        new RunRequest(List.of(endpoint), RunRequest.RunItems.ALL, null, Map.of(), 1, null))
                .id();
        await(() -> runs.get(admin, project.slug(), run).inFlight() == 1, "the run's unit is in flight");
        assertThat(busy(() -> calls.complete(endpoint, List.of(ChatTurn.user("help"))))
                        .messageCode())
                .isEqualTo("assist.error.busy");
        await(() -> !runs.get(admin, project.slug(), run).isRunning(), "the run finished");

        data.item(project, "q-2", 0, "a");
        slowAnswers(0);
        RunUnits.CallLease held = transactions.execute(status -> units.holdCall(endpoint, Duration.ofMinutes(1)));
        assertThat(held.leaseId()).isNotNull();
        long second = runs.start(
                        admin,
                        project.slug(),
                        new RunRequest(List.of(endpoint), RunRequest.RunItems.ALL, null, Map.of(), 1, null))
                .id();
        Thread.sleep(800);
        assertThat(runs.get(admin, project.slug(), second).done())
                .as("no unit starts while a writer's call fills the endpoint")
                .isZero();
        transactions.executeWithoutResult(status -> units.releaseCall(held.leaseId()));
        await(() -> !runs.get(admin, project.slug(), second).isRunning(), "the second run finished");
        assertThat(runs.get(admin, project.slug(), second).done()).isEqualTo(2);
    }

    @Test
    void aFullMinuteOfRequestsAsksToWaitUntilTheNextMinute() {
        long endpoint = endpoint(10, 1);
        jdbc.sql("""
                        INSERT INTO generation_endpoint_minute (endpoint_id, minute, started)
                        VALUES (:endpoint, date_trunc('minute', now()), 1),
                               (:endpoint, date_trunc('minute', now()) + interval '1 minute', 1)
                        """).param("endpoint", endpoint).update();
        ModelCallFailed refused = busy(() -> calls.complete(endpoint, List.of(ChatTurn.user("help"))));
        assertThat(refused.messageCode()).isEqualTo("assist.error.busy");
        long seconds = (long) refused.messageArguments()[1];
        assertThat(seconds).isBetween(1L, 60L);
        assertThat(MODEL.requests()).isEmpty();
        assertThat(leases()).isZero();
    }

    @Test
    void aCallCountsInTheMinutesRequests() {
        long endpoint = endpoint(10, 1000);
        calls.complete(endpoint, List.of(ChatTurn.user("help")));
        assertThat(jdbc.sql("SELECT started FROM generation_endpoint_minute WHERE endpoint_id = :e")
                        .param("e", endpoint)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }
}
