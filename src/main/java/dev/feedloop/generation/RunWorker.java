package dev.feedloop.generation;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.feedloop.ingest.GeneratedCandidate;
import dev.feedloop.ingest.GeneratedCandidates;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job of a generation run (task {@code generation-run}, instances {@code <run>/<worker>}): an
 * execution keeps up to its share of the endpoints' concurrency in flight on virtual threads, each
 * claiming a unit in a short transaction, calling the endpoint with no transaction open and
 * recording the outcome in another. It ends when no unit of the run is pending or running (then
 * the run is finished), when the run is cancelled, or when the server stops: then it hands itself
 * back to the job table for any server to go on with (units in flight finish first; ones still out
 * when the stop's wait ends are claimed again after their lease).
 */
@Configuration(proxyBeanMethods = false)
class RunWorker {

    static final String TASK = "generation-run";

    private static final Logger log = LoggerFactory.getLogger(RunWorker.class);
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(1);

    private final RunUnits units;
    private final UnitCalls calls;
    private final ModelClients clients;
    private final ModelEndpointRepository endpoints;
    private final KeyCipher cipher;
    private final GeneratedCandidates candidates;
    private final MachineJudgments judgments;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final GenerationProperties.Runs settings;
    private final TransactionTemplate transactions;
    /** This server's name in the units it claims: its process and a random part per start. */
    private final String server = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + java.util.UUID.randomUUID().toString().substring(0, 8);

    RunWorker(
            RunUnits units,
            UnitCalls calls,
            ModelClients clients,
            ModelEndpointRepository endpoints,
            KeyCipher cipher,
            GeneratedCandidates candidates,
            MachineJudgments judgments,
            JsonMapper json,
            ApplicationEventPublisher events,
            GenerationProperties properties,
            PlatformTransactionManager transactionManager) {
        this.units = units;
        this.calls = calls;
        this.clients = clients;
        this.endpoints = endpoints;
        this.cipher = cipher;
        this.candidates = candidates;
        this.judgments = judgments;
        this.json = json;
        this.events = events;
        this.settings = properties.runs();
        this.transactions = new TransactionTemplate(transactionManager);
    }

    @Bean
    CustomTask<Void> generationRunTask() {
        return Tasks.custom(TASK, Void.class)
                .onFailureReschedule(Schedules.fixedDelay(Duration.ofSeconds(30)))
                .execute(this::execute);
    }

    /** The execution ids of a run's workers. */
    static List<String> workerIds(long runId, int workers) {
        return java.util.stream.IntStream.range(0, workers)
                .mapToObj(worker -> runId + "/" + worker)
                .toList();
    }

    CompletionHandler<Void> execute(TaskInstance<Void> instance, ExecutionContext context) {
        long runId =
                Long.parseLong(instance.getId().substring(0, instance.getId().indexOf('/')));
        BooleanSupplier stopping = () -> context.getSchedulerState().isShuttingDown();
        work(runId, stopping);
        // the run goes on while it has units: after a stop (another server takes the execution),
        // and after an error that ended this worker's loops (a lost connection, a deadlock), so
        // that a passing fault never leaves a run running with nobody working on it
        if (transactions.execute(status -> {
            units.finishIfDone(runId);
            return units.running(runId);
        })) {
            return new CompletionHandler.OnCompleteReschedule<>(Schedules.fixedDelay(Duration.ofSeconds(1)));
        }
        return new CompletionHandler.OnCompleteRemove<>();
    }

    /** Works the run's units until none is left, the run is cancelled, or {@code stopping}. */
    void work(long runId, BooleanSupplier stopping) {
        List<RunUnits.RunEndpoint> runEndpoints = transactions.execute(status -> {
            units.forgetPastMinutes();
            return units.running(runId) ? units.endpoints(runId) : List.<RunUnits.RunEndpoint>of();
        });
        if (runEndpoints.isEmpty()) {
            transactions.executeWithoutResult(status -> units.finishIfDone(runId));
            return;
        }
        Map<Long, EndpointConnection> connections = transactions.execute(status -> {
            Map<Long, EndpointConnection> byId = new HashMap<>();
            for (RunUnits.RunEndpoint endpoint : runEndpoints) {
                endpoints
                        .findById(endpoint.endpointId())
                        .ifPresent(found -> byId.put(endpoint.endpointId(), found.connection(cipher)));
            }
            return byId;
        });
        int concurrency = runEndpoints.stream()
                .mapToInt(RunUnits.RunEndpoint::concurrencyLimit)
                .sum();
        int parallel = Math.max(
                1,
                Math.min(
                        settings.maxParallelCalls(),
                        (concurrency + settings.workersPerRun() - 1) / settings.workersPerRun()));
        Map<Long, ModelClients.Client> open = new LinkedHashMap<>();
        connections.forEach((id, connection) -> open.put(id, clients.open(connection, settings.callTimeout())));
        AtomicInteger turn = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < parallel; i++) {
                threads.submit(() -> loop(runId, runEndpoints, connections, open, turn, stopping));
            }
        } finally {
            open.values().forEach(ModelClients.Client::close);
        }
        transactions.executeWithoutResult(status -> units.finishIfDone(runId));
    }

    private void loop(
            long runId,
            List<RunUnits.RunEndpoint> runEndpoints,
            Map<Long, EndpointConnection> connections,
            Map<Long, ModelClients.Client> open,
            AtomicInteger turn,
            BooleanSupplier stopping) {
        Duration lease = settings.callTimeout().plusSeconds(30);
        try {
            while (!stopping.getAsBoolean()) {
                RunUnits.Claim claim = transactions.execute(
                        status -> units.claim(runId, runEndpoints, turn.getAndIncrement(), server, lease));
                switch (claim) {
                    case RunUnits.Claimed(RunUnits.ClaimedUnit unit) -> run(unit, connections, open);
                    case RunUnits.Wait(Duration wait) -> pause(wait);
                    case RunUnits.Over() -> {
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("Generation run {} worker stopped", runId, e);
        }
    }

    private static void pause(Duration wait) throws InterruptedException {
        long millis = Math.min(wait.toMillis(), LONGEST_WAIT.toMillis());
        Thread.sleep(Math.max(20, millis + ThreadLocalRandom.current().nextLong(20)));
    }

    private void run(
            RunUnits.ClaimedUnit unit, Map<Long, EndpointConnection> connections, Map<Long, ModelClients.Client> open) {
        EndpointConnection endpoint = connections.get(unit.endpointId());
        UnitCalls.Outcome outcome = endpoint == null
                ? new UnitCalls.Failed("endpoint-removed", "the endpoint was removed")
                : calls.call(unit, endpoint, open.get(unit.endpointId()), settings.callTimeout());
        transactions.executeWithoutResult(status -> record(unit, endpoint, outcome));
    }

    private void record(RunUnits.ClaimedUnit unit, EndpointConnection endpoint, UnitCalls.Outcome outcome) {
        if (!units.lockIfHeld(unit.id(), unit.attempts())) {
            return;
        }
        switch (outcome) {
            case UnitCalls.Answer answer when unit.judge() -> judged(unit, endpoint, answer);
            case UnitCalls.Answer answer -> {
                Long candidateId = candidates
                        .add(unit.projectId(), candidate(unit, endpoint, answer))
                        .map(GeneratedCandidates.Added::candidateId)
                        .orElse(null);
                units.done(
                        unit.id(),
                        candidateId,
                        answer.promptTokens(),
                        answer.completionTokens(),
                        answer.latencyMillis());
            }
            case UnitCalls.Retryable retry
            when unit.attempts() < settings.maxAttempts() ->
                units.later(unit.id(), unit.attempts(), retry.code(), retry.message(), nextAttempt(unit, retry));
            case UnitCalls.Retryable retry ->
                units.failed(
                        unit.id(),
                        unit.attempts(),
                        retry.code(),
                        retry.message() + " (" + unit.attempts() + " attempts)");
            case UnitCalls.Failed failed -> units.failed(unit.id(), unit.attempts(), failed.code(), failed.message());
        }
    }

    /**
     * A judge's answer: read as a ranking and stored as a machine judgment, or, when it cannot be
     * read, the unit fails with the reason (another attempt would likely read the same way).
     */
    private void judged(RunUnits.ClaimedUnit unit, EndpointConnection endpoint, UnitCalls.Answer answer) {
        List<Judging.Shown> shown = Judging.shown(unit, json);
        switch (Judging.read(answer.content(), shown, json)) {
            case Judging.Unreadable(String reason) ->
                units.failed(
                        unit.id(),
                        unit.attempts(),
                        "unreadable-judgment",
                        "the reply is not a ranking: " + reason + ". The reply began: "
                                + Judging.cut(answer.content().strip(), 300));
            case Judging.Ranked ranked -> {
                Long judgment = judgments.add(unit, endpoint, answer, shown, ranked);
                units.done(unit.id(), null, answer.promptTokens(), answer.completionTokens(), answer.latencyMillis());
                if (judgment != null) {
                    events.publishEvent(new MachineJudgmentRecorded(unit.projectId(), unit.itemId(), judgment));
                }
            }
        }
    }

    /** Doubling backoff with spread, or the server's {@code Retry-After}; never past the longest wait. */
    private Instant nextAttempt(RunUnits.ClaimedUnit unit, UnitCalls.Retryable retry) {
        Duration wait;
        if (retry.retryAfter() != null) {
            wait = retry.retryAfter();
        } else {
            long base = settings.backoff().toMillis() << Math.min(20, unit.attempts() - 1);
            wait = Duration.ofMillis(
                    base + (long) (base * 0.25 * ThreadLocalRandom.current().nextDouble()));
        }
        if (wait.compareTo(settings.maxBackoff()) > 0) {
            wait = settings.maxBackoff();
        }
        return Instant.now().plus(wait);
    }

    /** The candidate of a unit's answer: its external id is the unit's, so it is written once. */
    static GeneratedCandidate candidate(
            RunUnits.ClaimedUnit unit, EndpointConnection endpoint, UnitCalls.Answer answer) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("source", "generation");
        provenance.put("run", unit.runId());
        provenance.put("sample", unit.sample());
        provenance.put("endpoint", Map.of("id", unit.endpointId(), "name", endpoint.name()));
        provenance.put("model", answer.model());
        provenance.put("requestedModel", endpoint.model());
        provenance.put("parameters", answer.parameters());
        if (answer.seed() != null) {
            provenance.put("seed", answer.seed());
        }
        provenance.put("latencyMs", answer.latencyMillis());
        provenance.put("promptTokens", answer.promptTokens());
        provenance.put("completionTokens", answer.completionTokens());
        provenance.put("finishReason", answer.finishReason());
        provenance.put("attempts", unit.attempts());
        provenance.put("generatedAt", Instant.now().toString());
        return new GeneratedCandidate(unit.itemId(), externalId(unit), answer.model(), answer.content(), provenance);
    }

    /** {@code gen-<run>-<endpoint>-<sample>}: one per unit, so a second answer to it is not added. */
    static String externalId(RunUnits.ClaimedUnit unit) {
        return "gen-" + unit.runId() + "-" + unit.endpointId() + "-" + unit.sample();
    }
}
