package dev.feedloop.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.testsupport.AuditEntries;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Model endpoints' creation, changes and deletion in the audit log, never their keys. */
@IntegrationTest
class EndpointsAuditTests {

    static final String KEY = "sk-audit-0123456789abcdefQRST";
    static final String NEW_KEY = "sk-audit-new-key-9876ZYXW";

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("stub-model-0613");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Test
    void endpointChangesNameTheEndpointAndWhetherTheKeyChangedNeverTheKey() {
        UserView admin = data.admin();
        assertThat(send("POST", "/api/v1/endpoints", admin, body("Local vLLM", 0.7, KEY)))
                .hasStatus(201);
        long id = jdbc.sql("SELECT id FROM model_endpoint").query(Long.class).single();
        var created = AuditEntries.one(jdbc, AuditAction.ENDPOINT_CREATED);
        assertThat(created.actorId()).isEqualTo(admin.id());
        assertThat(created.actorName()).isEqualTo(admin.username());
        assertThat(created.projectId()).isNull();
        assertThat(created.target()).isEqualTo("endpoint:" + id);
        assertThat(created.details())
                .isEqualTo("{\"name\": \"Local vLLM\", \"model\": \"gpt-test\", \"apiKeyChanged\": \"yes\"}");

        assertThat(send("PUT", "/api/v1/endpoints/" + id, admin, body("Local vLLM", 0.2, null)))
                .hasStatusOk();
        assertThat(send("PUT", "/api/v1/endpoints/" + id, admin, body("Renamed", 0.2, NEW_KEY)))
                .hasStatusOk();
        var changes = AuditEntries.of(jdbc, AuditAction.ENDPOINT_CHANGED);
        assertThat(changes).hasSize(2);
        assertThat(changes.get(0).details())
                .isEqualTo("{\"name\": \"Local vLLM\", \"changed\": [\"temperature\"], \"apiKeyChanged\": \"no\"}");
        assertThat(changes.get(1).details())
                .isEqualTo("{\"name\": \"Renamed\", \"changed\": [\"name\"], \"apiKeyChanged\": \"yes\"}");

        assertThat(send("DELETE", "/api/v1/endpoints/" + id, admin, null)
                        .getResponse()
                        .getStatus())
                .isBetween(200, 204);
        assertThat(AuditEntries.one(jdbc, AuditAction.ENDPOINT_DELETED).details())
                .isEqualTo("{\"name\": \"Renamed\"}");

        String everything = AuditEntries.everything(jdbc);
        assertThat(everything)
                .doesNotContain(KEY, NEW_KEY, "QRST", "ZYXW", KEY.substring(0, 12), NEW_KEY.substring(0, 12));
    }

    private MvcTestResult send(String method, String uri, UserView as, String json) {
        var request = switch (method) {
            case "POST" -> mvc.post().uri(uri);
            case "PUT" -> mvc.put().uri(uri);
            case "DELETE" -> mvc.delete().uri(uri);
            default -> mvc.get().uri(uri);
        };
        request.header(
                "Authorization",
                "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (as.username() + ":" + TestData.PASSWORD).getBytes(StandardCharsets.UTF_8)));
        if (json != null) {
            request.contentType(MediaType.APPLICATION_JSON).content(json);
        }
        return request.exchange();
    }

    private static String body(String name, double temperature, String apiKey) {
        return """
                {"name":"%s","baseUrl":"%s","model":"gpt-test","apiKey":%s,"temperature":%s,"topP":0.9,
                 "maxTokens":256,"systemPrompt":"Be brief.","concurrencyLimit":8,"requestsPerMinute":120}
                """.formatted(name, MODEL.baseUrl(), apiKey == null ? "null" : "\"" + apiKey + "\"", temperature);
    }
}
