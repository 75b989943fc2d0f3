package dev.feedloop.generation;

import dev.feedloop.problems.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 */
@Service
public class ModelCalls {

    private final ModelEndpointRepository endpoints;
    private final KeyCipher cipher;
    private final ModelClients clients;
    private final AssistProperties properties;
    private final TransactionTemplate readOnly;

    ModelCalls(
            ModelEndpointRepository endpoints,
            KeyCipher cipher,
            ModelClients clients,
            AssistProperties properties,
            TransactionTemplate transactions) {
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
                        () -> clients.open(endpoint, properties.timeout()),
                        client -> client.model().stream(prompt(endpoint, turns)),
                        ModelClients.Client::close)
                .filter(response -> !response.getResults().isEmpty())
                .map(response -> Objects.requireNonNullElse(
                        response.getResult().getOutput().getText(), ""))
                .filter(piece -> !piece.isEmpty())
                .onErrorMap(error -> ModelCallFailed.of(error, endpoint.name(), properties.timeout()));
    }

    /** The whole answer. */
    public ModelAnswer complete(long endpointId, List<ChatTurn> turns) {
        EndpointConnection endpoint = connection(endpointId);
        long start = System.nanoTime();
        try (ModelClients.Client client = clients.open(endpoint, properties.timeout())) {
            ChatResponse response = client.model().call(prompt(endpoint, turns));
            if (response.getResults().isEmpty()
                    || response.getResult().getOutput().getText() == null) {
                throw new ModelCallFailed("assist.error.noAnswer", null, null, endpoint.name());
            }
            String model = response.getMetadata().getModel();
            return new ModelAnswer(
                    response.getResult().getOutput().getText(),
                    model == null || model.isBlank() ? endpoint.model() : model,
                    (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            throw ModelCallFailed.of(e, endpoint.name(), properties.timeout());
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
