package dev.feedloop.testsupport;

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
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP server speaking the OpenAI chat completions API for tests of pages that call models
 * ({@code @RegisterExtension static}): answers are set per test (a streamed answer in pieces, a
 * whole answer, an error status) and reset before each test.
 */
public final class ModelStub implements BeforeEachCallback, AfterAllCallback {

    private static final String COMPLETIONS = "/v1/chat/completions";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final WireMockServer server = new WireMockServer(options().dynamicPort());

    public ModelStub() {
        server.start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server.resetAll();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.stop();
    }

    public String baseUrl() {
        return "http://localhost:" + server.port() + "/v1";
    }

    /** Registers an endpoint on this server (no key) and returns its id. */
    public long register(JdbcClient jdbc, String name, String model) {
        return jdbc.sql("""
                        INSERT INTO model_endpoint (name, base_url, model, concurrency_limit, requests_per_minute)
                        VALUES (?, ?, ?, 4, 600) RETURNING id
                        """).params(name, baseUrl(), model).query(Long.class).single();
    }

    /** Lets every endpoint help the writers of a project. */
    public static void allowAll(JdbcClient jdbc, long projectId) {
        jdbc.sql("INSERT INTO assist_settings (project_id, enabled, all_endpoints) VALUES (?, true, true)")
                .param(projectId)
                .update();
    }

    /** Streams the pieces as server-sent chunks, spread over {@code millis}. */
    public void streams(int millis, String... pieces) {
        StringBuilder body = new StringBuilder();
        for (String piece : pieces) {
            body.append("data: ")
                    .append(JSON.writeValueAsString(java.util.Map.of(
                            "id", "c1",
                            "object", "chat.completion.chunk",
                            "created", 1700000000,
                            "model", "stub-model",
                            "choices",
                                    List.of(java.util.Map.of(
                                            "index", 0, "delta", java.util.Map.of("content", piece))))))
                    .append("\n\n");
        }
        body.append("data: [DONE]\n\n");
        ResponseDefinitionBuilder response =
                aResponse().withHeader("Content-Type", "text/event-stream").withBody(body.toString());
        if (millis > 0) {
            response = response.withChunkedDribbleDelay(Math.max(2, pieces.length * 2), millis);
        }
        answer(response);
    }

    /** Answers every chat completion with {@code content} as one whole answer. */
    public void answers(String content) {
        answer(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(JSON.writeValueAsString(java.util.Map.of(
                        "id",
                        "chatcmpl-1",
                        "object",
                        "chat.completion",
                        "created",
                        1700000000,
                        "model",
                        "stub-model",
                        "choices",
                        List.of(java.util.Map.of(
                                "index",
                                0,
                                "message",
                                java.util.Map.of("role", "assistant", "content", content),
                                "finish_reason",
                                "stop")),
                        "usage",
                        java.util.Map.of("prompt_tokens", 10, "completion_tokens", 5, "total_tokens", 15)))));
    }

    /** Answers every chat completion with an error status. */
    public void fails(int status) {
        answer(aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":{\"message\":\"refused by the stub\",\"type\":\"error\",\"code\":null}}"));
    }

    public void answer(ResponseDefinitionBuilder response) {
        server.resetAll();
        server.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(response));
    }

    public List<LoggedRequest> requests() {
        return server.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
    }
}
