package dev.feedloop.generation;

import dev.feedloop.problems.Refusal;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import reactor.core.publisher.Flux;

/**
 * Interactive chat completions for people on pages: a streamed answer (a draft that appears as it
 * is written) and a whole one (a critique). The endpoint, its key and default parameters are read
 * in a short transaction of their own; the call runs after it ends, and refuses to start inside a
 * caller's transaction (a model may take minutes). Failures arrive as {@link ModelCallFailed}.
 * The endpoint's own system prompt comes first, joined with the caller's system message.
 *
 * <p>Each call holds room under the endpoint's limits together with generation runs ({@link
 * RunUnits#holdCall}): it counts against the concurrency limit while it runs and in the minute's
 * requests. At the limits the call does not start and fails with {@code assist.error.busy}, saying
 * about how many seconds to wait.
 */
@Service
public class ModelCalls {

    private static final Logger log = LoggerFactory.getLogger(ModelCalls.class);

    private final ModelEndpointRepository endpoints;
    private final KeyCipher cipher;
    private final ModelClients clients;
    private final AssistProperties properties;
    private final TransactionTemplate readOnly;
    private final TransactionTemplate transactions;
    private final RunUnits limits;
    private final ModelCallMetrics metrics;

    ModelCalls(
            ModelEndpointRepository endpoints,
            KeyCipher cipher,
            ModelClients clients,
            AssistProperties properties,
            TransactionTemplate transactions,
            RunUnits limits,
            ModelCallMetrics metrics) {
        this.metrics = metrics;
        this.transactions = transactions;
        this.limits = limits;
        this.endpoints = endpoints;
        this.cipher = cipher;
        this.clients = clients;
        this.properties = properties;
        this.readOnly = new TransactionTemplate(transactions.getTransactionManager());
        this.readOnly.setReadOnly(true);
    }

    /**
     * The answer's text in pieces as the endpoint sends them. Nothing is sent until the Flux is
     * subscribed; cancelling it ends the request.
     */
    public Flux<String> stream(long endpointId, List<ChatTurn> turns) {
        EndpointConnection endpoint = connection(endpointId);
        return Flux.using(
                        () -> hold(endpointId, endpoint),
                        lease -> Flux.using(
                                () -> new TimedClient(clients.open(endpoint, properties.timeout()), metrics.start()),
                                timed -> timed.client().model().stream(prompt(endpoint, turns))
                                        .doOnComplete(() -> metrics.answered(
                                                timed.sample(), endpoint.name(), ModelCallMetrics.ASSIST))
                                        .doOnError(error -> failed(
                                                timed.sample(),
                                                endpoint,
                                                ModelCallFailed.of(error, endpoint.name(), properties.timeout()))),
                                timed -> timed.client().close()),
                        this::release)
                .filter(response -> !response.getResults().isEmpty())
                .map(response -> Objects.requireNonNullElse(
                        response.getResult().getOutput().getText(), ""))
                .filter(piece -> !piece.isEmpty())
                .onErrorMap(error -> ModelCallFailed.of(error, endpoint.name(), properties.timeout()));
    }

    /** The whole answer. */
    public ModelAnswer complete(long endpointId, List<ChatTurn> turns) {
        EndpointConnection endpoint = connection(endpointId);
        long lease = hold(endpointId, endpoint);
        long start = System.nanoTime();
        Timer.Sample sample = metrics.start();
        try (ModelClients.Client client = clients.open(endpoint, properties.timeout())) {
            ChatResponse response = client.model().call(prompt(endpoint, turns));
            if (response.getResults().isEmpty()
                    || response.getResult().getOutput().getText() == null) {
                throw new ModelCallFailed("assist.error.noAnswer", null, null, endpoint.name());
            }
            String model = response.getMetadata().getModel();
            metrics.answered(sample, endpoint.name(), ModelCallMetrics.ASSIST);
            return new ModelAnswer(
                    response.getResult().getOutput().getText(),
                    model == null || model.isBlank() ? endpoint.model() : model,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            ModelCallFailed failure = ModelCallFailed.of(e, endpoint.name(), properties.timeout());
            failed(sample, endpoint, failure);
            throw failure;
        } finally {
            release(lease);
        }
    }

    private void failed(Timer.Sample sample, EndpointConnection endpoint, ModelCallFailed failure) {
        metrics.failed(
                sample,
                endpoint.name(),
                ModelCallMetrics.ASSIST,
                ModelCallMetrics.failure(failure.status(), failure.messageCode()));
    }

    /** A streamed call's client and the timer sample started when it opened. */
    private record TimedClient(ModelClients.Client client, Timer.Sample sample) {}

    /** Room for one call under the endpoint's limits, as a lease id; busy: {@code assist.error.busy}. */
    private long hold(long endpointId, EndpointConnection endpoint) {
        Duration lease = properties.timeout().plusSeconds(30);
        RunUnits.CallLease held = transactions.execute(status -> limits.holdCall(endpointId, lease));
        if (held == null || held.leaseId() == null) {
            long seconds = held == null
                    ? RunUnits.BUSY_WAIT.toSeconds()
                    : Math.max(1, held.retryAfter().toSeconds());
            throw new ModelCallFailed("assist.error.busy", null, null, endpoint.name(), seconds);
        }
        return held.leaseId();
    }

    private void release(long lease) {
        try {
            transactions.executeWithoutResult(status -> limits.releaseCall(lease));
        } catch (RuntimeException e) {
            // The row's lease runs out by itself; the endpoint is a little busier until then.
            log.warn("Could not release model call lease {}", lease, e);
        }
    }

    private EndpointConnection connection(long endpointId) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a model call must not run inside a database transaction");
        }
        EndpointConnection endpoint;
        try {
            endpoint = readOnly.execute(status -> endpoints
                    .findById(endpointId)
                    .map(e -> e.connection(cipher))
                    .orElse(null));
        } catch (Refusal unreadableKey) {
            throw new ModelCallFailed("assist.error.unauthorized", null, unreadableKey, "#" + endpointId);
        }
        if (endpoint == null) {
            throw new ModelCallFailed("assist.error.noEndpoint", null, null, endpointId);
        }
        return endpoint;
    }

    private Prompt prompt(EndpointConnection endpoint, List<ChatTurn> turns) {
        List<Message> messages = new ArrayList<>();
        String system =
                endpoint.systemPrompt() == null ? "" : endpoint.systemPrompt().strip();
        for (ChatTurn turn : turns) {
            switch (turn.role()) {
                case "system" -> system = system.isEmpty() ? turn.content() : system + "\n\n" + turn.content();
                case "assistant" -> messages.add(new AssistantMessage(turn.content()));
                default -> messages.add(new UserMessage(turn.content()));
            }
        }
        if (!system.isEmpty()) {
            messages.addFirst(new SystemMessage(system));
        }
        return new Prompt(
                messages, ModelClients.options(endpoint, properties.timeout()).build());
    }
}
