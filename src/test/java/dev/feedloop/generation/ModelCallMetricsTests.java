package dev.feedloop.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Calls to model endpoints are timed by endpoint, and failed ones counted by kind of failure. */
@IntegrationTest
class ModelCallMetricsTests {

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("metered-model");

    @Autowired
    ModelCalls calls;

    @Autowired
    MeterRegistry registry;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    GenerationRuns runs;

    @Autowired
    TestData data;

    @Test
    void answeredCallsAreTimedByEndpoint() {
        String name = "Metered " + UUID.randomUUID();
        long endpoint = endpoint(name);

        calls.complete(endpoint, List.of(ChatTurn.user("hello")));
        calls.stream(endpoint, List.of(ChatTurn.user("hello"))).blockLast();

        assertThat(timed(name, "ok")).isEqualTo(2);
        assertThat(timed(name, "error")).isZero();
        assertThat(registry.find("feedloop.model.errors").tag("endpoint", name).counters())
                .isEmpty();
    }

    @Test
    void failedCallsAreCountedByStatusClass() {
        String name = "Failing " + UUID.randomUUID();
        long endpoint = endpoint(name);
        MODEL.answer(ModelServer.error(503));
        assertThatThrownBy(() -> calls.complete(endpoint, List.of(ChatTurn.user("hello"))))
                .isInstanceOf(ModelCallFailed.class);
        MODEL.answer(ModelServer.error(401));
        assertThatThrownBy(() -> calls.complete(endpoint, List.of(ChatTurn.user("hello"))))
                .isInstanceOf(ModelCallFailed.class);

        assertThat(timed(name, "error")).isEqualTo(2);
        assertThat(errors(name, "5xx")).isEqualTo(1);
        assertThat(errors(name, "4xx")).isEqualTo(1);
    }

    @Test
    void aRunsCallsAreTimedAndItsFailuresCounted() throws Exception {
        String name = "Run " + UUID.randomUUID();
        long endpoint = endpoint(name);
        AccountPrincipal admin = TestData.principal(data.admin());
        TestProject project = data.project().demonstrations(0).rankings(1).create();
        data.item(project, "q", 0, "a");
        MODEL.answerInTurn(ModelServer.error(500), ModelServer.answering("metered-model", "ok"));

        long run = runs.start(
                        admin,
                        project.slug(),
                        new RunRequest(List.of(endpoint), RunRequest.RunItems.ALL, null, Map.of(), 1, 1L))
                .id();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (runs.get(admin, project.slug(), run).isRunning() && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }

        assertThat(runs.get(admin, project.slug(), run).done()).isEqualTo(1);
        assertThat(timed(name, "run", "ok")).isEqualTo(1);
        assertThat(timed(name, "run", "error")).isEqualTo(1);
        assertThat(errors(name, "5xx")).isEqualTo(1);
    }

    @Test
    void runFailuresWithoutAStatusAreNamedByWhatWentWrong() {
        assertThat(ModelCallMetrics.failure(null, "status-429")).isEqualTo("4xx");
        assertThat(ModelCallMetrics.failure(null, "status-502")).isEqualTo("5xx");
        assertThat(ModelCallMetrics.failure(null, "timeout")).isEqualTo("timeout");
        assertThat(ModelCallMetrics.failure(null, "assist.error.timeout")).isEqualTo("timeout");
        assertThat(ModelCallMetrics.failure(null, "unreachable")).isEqualTo("network");
        assertThat(ModelCallMetrics.failure(null, "assist.error.unreachable")).isEqualTo("network");
        assertThat(ModelCallMetrics.failure(null, "not-openai")).isEqualTo("other");
        assertThat(ModelCallMetrics.failure(404, "assist.error.notFound")).isEqualTo("4xx");
    }

    private long endpoint(String name) {
        return jdbc.sql("""
                        INSERT INTO model_endpoint (name, base_url, model, concurrency_limit, requests_per_minute)
                        VALUES (?, ?, 'metered-model', 4, 600) RETURNING id
                        """).params(name, MODEL.baseUrl()).query(Long.class).single();
    }

    private long timed(String endpoint, String outcome) {
        return timed(endpoint, "assist", outcome);
    }

    private long timed(String endpoint, String use, String outcome) {
        return registry
                .find("feedloop.model.calls")
                .tags("endpoint", endpoint, "use", use, "outcome", outcome)
                .timers()
                .stream()
                .mapToLong(t -> t.count())
                .sum();
    }

    private double errors(String endpoint, String status) {
        return registry.find("feedloop.model.errors").tags("endpoint", endpoint, "status", status).counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }
}
