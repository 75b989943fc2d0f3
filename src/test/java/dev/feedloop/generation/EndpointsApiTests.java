package dev.feedloop.generation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class EndpointsApiTests {

    static final String KEY = "sk-test-0123456789abcdefWXYZ";

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("stub-model-0613");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    UserView admin;

    @BeforeEach
    void signIn() {
        admin = data.admin();
    }

    static String basic(UserView user) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user.username() + ":" + TestData.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    MvcTestResult send(String method, String uri, UserView as, String json) {
        var request = switch (method) {
            case "POST" -> mvc.post().uri(uri);
            case "PUT" -> mvc.put().uri(uri);
            case "DELETE" -> mvc.delete().uri(uri);
            default -> mvc.get().uri(uri);
        };
        request.header("Authorization", basic(as));
        if (json != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(json);
        }
        return request.exchange();
    }

    static String text(MvcTestResult result) {
        try {
            return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    String body(String name, String baseUrl, String apiKey) {
        return """
                {"name":"%s","baseUrl":"%s","model":"gpt-test","apiKey":%s,"temperature":0.7,"topP":0.9,
                 "maxTokens":256,"systemPrompt":"Be brief.","concurrencyLimit":8,"requestsPerMinute":120}
                """.formatted(name, baseUrl, apiKey == null ? "null" : "\"" + apiKey + "\"");
    }

    long register(String name, String apiKey) {
        var result = send("POST", "/api/v1/endpoints", admin, body(name, MODEL.baseUrl(), apiKey));
        assertThat(result).hasStatus(201);
        return jdbc.sql("SELECT id FROM model_endpoint WHERE name = ?")
                .param(name)
                .query(Long.class)
                .single();
    }

    @Test
    void adminRegistersAnEndpointAndTheKeyIsStoredEncryptedAndShownAsItsLastFourCharacters() {
        var result = send("POST", "/api/v1/endpoints", admin, body("Local vLLM", MODEL.baseUrl() + "/", KEY));
        long id = jdbc.sql("SELECT id FROM model_endpoint").query(Long.class).single();
        assertThat(result).hasStatus(201).hasHeader("Location", "/api/v1/endpoints/" + id);
        assertThat(result).bodyJson().extractingPath("$.keyLast4").isEqualTo("WXYZ");
        assertThat(result).bodyJson().extractingPath("$.baseUrl").isEqualTo(MODEL.baseUrl());
        assertThat(result).bodyJson().extractingPath("$.concurrencyLimit").isEqualTo(8);
        assertThat(text(result)).doesNotContain(KEY).doesNotContain("apiKeyCipher");

        Map<String, Object> row = jdbc.sql("SELECT api_key_cipher, api_key_last4 FROM model_endpoint")
                .query()
                .singleRow();
        byte[] cipher = (byte[]) row.get("api_key_cipher");
        assertThat(row.get("api_key_last4")).isEqualTo("WXYZ");
        assertThat(cipher.length).isGreaterThanOrEqualTo(16 + KEY.length() + 16); // nonce, text, tag
        assertThat(new String(cipher, StandardCharsets.ISO_8859_1))
                .doesNotContain(KEY)
                .doesNotContain("0123456789");
        assertThat(jdbc.sql("SELECT count(*) FROM model_endpoint WHERE base_url LIKE '%' || ? || '%' OR name = ?")
                        .param(KEY)
                        .param(KEY)
                        .query(Integer.class)
                        .single())
                .isZero();

        var list = send("GET", "/api/v1/endpoints", admin, null);
        assertThat(list).bodyJson().extractingPath("$[0].name").isEqualTo("Local vLLM");
        assertThat(list).bodyJson().extractingPath("$[0].keyLast4").isEqualTo("WXYZ");
        assertThat(text(list)).doesNotContain(KEY);
        assertThat(send("GET", "/api/v1/endpoints/" + id, admin, null))
                .bodyJson()
                .extractingPath("$.temperature")
                .isEqualTo(0.7);
    }

    @Test
    void theSameKeyEncryptsDifferentlyEachTime() {
        register("one", KEY);
        register("two", KEY);
        var ciphers = jdbc.sql("SELECT api_key_cipher FROM model_endpoint ORDER BY id")
                .query(byte[].class)
                .list();
        assertThat(ciphers.get(0)).isNotEqualTo(ciphers.get(1));
    }

    @Test
    void updateKeepsTheKeyWhenNoneIsSentReplacesItAndClearsIt() {
        long id = register("kept", KEY);
        var kept = send("PUT", "/api/v1/endpoints/" + id, admin, body("renamed", MODEL.baseUrl(), null));
        assertThat(kept).hasStatusOk().bodyJson().extractingPath("$.keyLast4").isEqualTo("WXYZ");
        assertThat(kept).bodyJson().extractingPath("$.name").isEqualTo("renamed");

        var replaced =
                send("PUT", "/api/v1/endpoints/" + id, admin, body("renamed", MODEL.baseUrl(), "sk-new-key-9876"));
        assertThat(replaced).bodyJson().extractingPath("$.keyLast4").isEqualTo("9876");

        var cleared = send(
                "PUT",
                "/api/v1/endpoints/" + id,
                admin,
                body("renamed", MODEL.baseUrl(), null).replace("\"apiKey\":null", "\"clearApiKey\":true"));
        assertThat(cleared).bodyJson().extractingPath("$.keyLast4").isNull();
        assertThat(jdbc.sql("SELECT api_key_cipher IS NULL FROM model_endpoint")
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    @Test
    void deleteRemovesTheEndpoint() {
        long id = register("gone", KEY);
        assertThat(send("DELETE", "/api/v1/endpoints/" + id, admin, null)).hasStatus(204);
        assertThat(send("GET", "/api/v1/endpoints/" + id, admin, null)).hasStatus(404);
        assertThat(jdbc.sql("SELECT count(*) FROM model_endpoint")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void invalidFieldsAreNamedWithTheReason() {
        var result = send("POST", "/api/v1/endpoints", admin, """
                {"name":"","baseUrl":"http://localhost:1/v1","model":"m","temperature":3,"topP":0,
                 "concurrencyLimit":0,"requestsPerMinute":60}
                """);
        assertThat(result).hasStatus(400);
        String json = text(result);
        assertThat(json).contains("\"name\"", "\"temperature\"", "\"topP\"", "\"concurrencyLimit\"");
        assertThat(json).contains("Enter a temperature from 0 to 2");
    }

    @Test
    void aSecondEndpointWithTheSameNameInAnotherCaseIsRefused() {
        register("Shared", null);
        var result = send("POST", "/api/v1/endpoints", admin, body("SHARED", MODEL.baseUrl(), null));
        assertThat(result).hasStatus(409);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("name");
    }

    @Test
    void baseUrlsOtherThanHttpAreRefused() {
        var result = send("POST", "/api/v1/endpoints", admin, body("ftp", "ftp://localhost/v1", null));
        assertThat(result).hasStatus(400);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("baseUrl");
        assertThat(send("POST", "/api/v1/endpoints", admin, body("q", MODEL.baseUrl() + "?x=1", null)))
                .hasStatus(400);
    }

    @Test
    void linkLocalAndCloudMetadataAddressesAreRefused() {
        for (String url : new String[] {
            "http://169.254.169.254/latest",
            "http://169.254.10.20:8000/v1",
            "http://[fe80::1]:8000/v1",
            "http://[fd00:ec2::254]/v1",
            "http://[::ffff:169.254.169.254]/v1",
            "http://metadata.google.internal/computeMetadata/v1",
            "http://METADATA.google.internal./v1",
            "http://[::ffff:a9fe:a9fe]/v1"
        }) {
            var result = send("POST", "/api/v1/endpoints", admin, body("meta", url, null));
            assertThat(result).as(url).hasStatus(422);
            assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("refused-address");
            assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("baseUrl");
        }
        assertThat(jdbc.sql("SELECT count(*) FROM model_endpoint")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void loopbackAndPrivateAddressesAreAllowed() {
        assertThat(send("POST", "/api/v1/endpoints", admin, body("loop", "http://127.0.0.1:8000/v1", null)))
                .hasStatus(201);
        assertThat(send("POST", "/api/v1/endpoints", admin, body("lan", "http://10.1.2.3:11434/v1", null)))
                .hasStatus(201);
    }

    @Test
    void anAddressThatTurnedLinkLocalAfterItWasSavedIsRefusedWhenCalled() {
        long id = register("rebound", null);
        // as if the saved host's name now resolved to the metadata address
        jdbc.sql("UPDATE model_endpoint SET base_url = 'http://169.254.169.254/v1'")
                .update();
        var result = send("POST", "/api/v1/endpoints/" + id + "/test", admin, null);
        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.ok").isEqualTo(false);
        assertThat(result)
                .bodyJson()
                .extractingPath("$.error")
                .asString()
                .contains("169.254.169.254", "link-local or cloud metadata");

        // a name is checked by the resolver, before any address is looked up
        jdbc.sql("UPDATE model_endpoint SET base_url = 'http://metadata.google.internal/v1'")
                .update();
        assertThat(send("POST", "/api/v1/endpoints/" + id + "/test", admin, null))
                .bodyJson()
                .extractingPath("$.error")
                .asString()
                .contains("metadata.google.internal", "link-local or cloud metadata");
    }

    @Test
    void testConnectionReportsTheModelAndLatencyAndSendsTheKeyAsBearerToken() {
        long id = register("tested", KEY);
        var result = send("POST", "/api/v1/endpoints/" + id + "/test", admin, null);
        assertThat(result).hasStatusOk();
        assertThat(result).bodyJson().extractingPath("$.ok").isEqualTo(true);
        assertThat(result).bodyJson().extractingPath("$.model").isEqualTo("stub-model-0613");
        assertThat(result).bodyJson().extractingPath("$.latencyMs").asNumber().isNotNull();
        assertThat(result).bodyJson().extractingPath("$.error").isNull();

        var sent = MODEL.requests().getFirst();
        assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.getBodyAsString())
                .contains("\"model\":\"gpt-test\"", "\"temperature\":0.7", "\"top_p\":0.9", "Be brief.");
    }

    @Test
    void anEndpointWithoutAKeySendsNoAuthorization() {
        long id = register("ollama", null);
        assertThat(send("POST", "/api/v1/endpoints/" + id + "/test", admin, null))
                .bodyJson()
                .extractingPath("$.ok")
                .isEqualTo(true);
        assertThat(MODEL.requests().getFirst().containsHeader("Authorization")).isFalse();
    }

    @Test
    void testConnectionExplainsABadKey() {
        long id = register("bad key", KEY);
        MODEL.answer(ModelServer.error(401));
        var result = send("POST", "/api/v1/endpoints/" + id + "/test", admin, null);
        assertThat(result).bodyJson().extractingPath("$.ok").isEqualTo(false);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(401);
        assertThat(result).bodyJson().extractingPath("$.error").asString().contains("refused the API key");
    }

    @Test
    void testConnectionExplainsAWrongModelOrUrl() {
        long id = register("wrong url", null);
        MODEL.answer(ModelServer.error(404));
        var result = send("POST", "/api/v1/endpoints/" + id + "/test", admin, null);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(404);
        assertThat(result).bodyJson().extractingPath("$.error").asString().contains("/v1", "gpt-test");
    }

    @Test
    void testConnectionExplainsAServerError() {
        long id = register("broken", null);
        MODEL.answer(ModelServer.error(500));
        var result = send("POST", "/api/v1/endpoints/" + id + "/test", admin, null);
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(500);
        assertThat(result).bodyJson().extractingPath("$.error").asString().contains("error 500");
    }

    @Test
    void testConnectionExplainsAnAnswerThatIsNotOpenAiJson() {
        long id = register("html", null);
        MODEL.answer(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody("<html><body>Welcome to nginx!</body></html>"));
        var result = send("POST", "/api/v1/endpoints/" + id + "/test", admin, null);
        assertThat(result).bodyJson().extractingPath("$.ok").isEqualTo(false);
        assertThat(result).bodyJson().extractingPath("$.error").asString().contains("not with OpenAI-compatible");
    }

    @Test
    void testConnectionGivesUpAfterTheTimeoutWithoutHoldingATransaction() throws Exception {
        long id = register("slow", null);
        MODEL.answer(aResponse()
                .withHeader("Content-Type", "application/json")
                .withBody(ModelServer.completion("slow-model"))
                .withFixedDelay(3500));
        var call = CompletableFuture.supplyAsync(() -> send("POST", "/api/v1/endpoints/" + id + "/test", admin, null));
        Thread.sleep(1200);
        assertThat(call).isNotDone();
        assertThat(jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'")
                        .query(Integer.class)
                        .single())
                .as("connections idle in a transaction while the model is called")
                .isZero();
        var result = call.get();
        assertThat(result).bodyJson().extractingPath("$.ok").isEqualTo(false);
        assertThat(result).bodyJson().extractingPath("$.error").asString().contains("No answer within 2 seconds");
    }

    @Test
    void theKeyIsNeverWrittenToTheLog(CapturedOutput output) {
        long id = register("logged", KEY);
        send("POST", "/api/v1/endpoints/" + id + "/test", admin, null);
        MODEL.answer(ModelServer.error(401));
        send("POST", "/api/v1/endpoints/" + id + "/test", admin, null);
        send("PUT", "/api/v1/endpoints/" + id, admin, body("logged", "ftp://nowhere", KEY));
        assertThat(output.getAll()).doesNotContain(KEY).doesNotContain("0123456789abcdef");
    }

    @Test
    void peopleWhoAreNotSiteAdminsGet403() {
        long id = register("admins only", null);
        UserView bob = data.user();
        assertThat(send("GET", "/api/v1/endpoints", bob, null)).hasStatus(403);
        assertThat(send("POST", "/api/v1/endpoints", bob, body("x", MODEL.baseUrl(), null)))
                .hasStatus(403);
        assertThat(send("GET", "/api/v1/endpoints/" + id, bob, null)).hasStatus(403);
        assertThat(send("PUT", "/api/v1/endpoints/" + id, bob, body("x", MODEL.baseUrl(), null)))
                .hasStatus(403);
        assertThat(send("DELETE", "/api/v1/endpoints/" + id, bob, null)).hasStatus(403);
        assertThat(send("POST", "/api/v1/endpoints/" + id + "/test", bob, null)).hasStatus(403);
        assertThat(MODEL.requests()).isEmpty();
        assertThat(mvc.get().uri("/api/v1/endpoints")).hasStatus(401);
    }
}
