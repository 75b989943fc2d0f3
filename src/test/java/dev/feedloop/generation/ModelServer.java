package dev.feedloop.generation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP server on this machine speaking the OpenAI chat completions API, at {@code
 * http://localhost:<port>/v1}; as a JUnit extension ({@code @RegisterExtension static}) it answers
 * every test's chat completions with "ok" from {@code model} until the test says otherwise, and
 * stops after the class.
 */
final class ModelServer implements BeforeEachCallback, AfterAllCallback {

    static final String COMPLETIONS = "/v1/chat/completions";

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    private final String model;

    ModelServer(String model) {
        this.model = model;
        server.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        answers(model);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop();
    }

    String baseUrl() {
        return "http://localhost:" + server.port() + "/v1";
    }

    /** Answers every chat completion with "ok" from {@code model}. */
    void answers(String model) {
        answer(aResponse().withHeader("Content-Type", "application/json").withBody(completion(model)));
    }

    void answer(ResponseDefinitionBuilder response) {
        server.resetAll();
        server.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(response));
    }

    static ResponseDefinitionBuilder error(int status) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("""
                        {"error":{"message":"refused by the test server","type":"invalid_request_error","code":null}}
                        """);
    }

    static String completion(String model) {
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"%s",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"ok","refusal":null},
                             "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":12,"completion_tokens":1,"total_tokens":13}}
                """.formatted(model);
    }

    List<LoggedRequest> requests() {
        return server.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
    }
}
