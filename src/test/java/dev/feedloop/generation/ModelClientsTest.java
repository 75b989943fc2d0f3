package dev.feedloop.generation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

/** The chat model built for one endpoint, against a real HTTP server: calls and streams. */
class ModelClientsTest {

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("unit-model");

    static final ModelClients CLIENTS =
            new ModelClients(new EndpointAddresses(new GenerationProperties(null, false, Duration.ofSeconds(2))));

    EndpointConnection endpoint(String baseUrl) {
        return new EndpointConnection("unit", baseUrl, "m", "sk-unit-key", null, null, 64, null);
    }

    @Test
    void aStreamedAnswerArrivesInPieces() {
        MODEL.answer(aResponse()
                .withHeader("Content-Type", "text/event-stream")
                .withBody(chunk("Hel") + chunk("lo") + chunk(" there") + "data: [DONE]\n\n"));
        try (var client = CLIENTS.open(endpoint(MODEL.baseUrl()), Duration.ofSeconds(2))) {
            List<ChatResponse> pieces = client.model().stream(new Prompt(
                            new UserMessage("hi"),
                            ModelClients.options(endpoint(MODEL.baseUrl()), Duration.ofSeconds(2))
                                    .build()))
                    .collectList()
                    .block(Duration.ofSeconds(5));
            String text = String.join(
                    "",
                    pieces.stream()
                            .filter(r -> !r.getResults().isEmpty())
                            .map(r -> Objects.requireNonNullElse(
                                    r.getResult().getOutput().getText(), ""))
                            .toList());
            assertThat(text).isEqualTo("Hello there");
        }
        assertThat(MODEL.requests().getFirst().getBodyAsString()).contains("\"stream\":true", "\"max_tokens\":64");
        assertThat(MODEL.requests().getFirst().getHeader("Authorization")).isEqualTo("Bearer sk-unit-key");
    }

    @Test
    void aStreamToARefusedAddressFailsBeforeConnecting() {
        try (var client = CLIENTS.open(endpoint("http://169.254.169.254/v1"), Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> client.model().stream(new Prompt(
                                    new UserMessage("hi"),
                                    ModelClients.options(endpoint("http://169.254.169.254/v1"), Duration.ofSeconds(2))
                                            .build()))
                            .blockLast(Duration.ofSeconds(5)))
                    .hasRootCauseInstanceOf(EndpointAddresses.RefusedAddressException.class);
        }
    }

    @Test
    void aRedirectIsNotFollowed() {
        MODEL.answer(aResponse().withStatus(302).withHeader("Location", "http://169.254.169.254/latest/meta-data"));
        ConnectionCheck check = new EndpointChecks(
                        CLIENTS, new GenerationProperties(null, false, Duration.ofSeconds(2)))
                .check(endpoint(MODEL.baseUrl()));
        assertThat(check.ok()).isFalse();
        assertThat(check.status()).isEqualTo(302);
        assertThat(MODEL.requests()).hasSize(1);
    }

    static String chunk(String text) {
        return "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"unit-model\","
                + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n";
    }
}
