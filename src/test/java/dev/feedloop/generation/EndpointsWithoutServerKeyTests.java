package dev.feedloop.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.RefusedPages;
import dev.feedloop.testsupport.TestData;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** A server without the key-encryption key, which allows link-local endpoints. */
@IntegrationTest
@TestPropertySource(
        properties = {
            "feedloop.generation.key-encryption-key=",
            "feedloop.generation.allow-link-local=true",
            // this context stays cached beside the common one: its scheduler would take the other
            // tests' jobs
            "feedloop.jobs.enabled=false"
        })
class EndpointsWithoutServerKeyTests {

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("keyless-model");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    String json(String baseUrl, String apiKey) {
        return """
                {"name":"local","baseUrl":"%s","model":"llama3.1:8b","apiKey":%s,
                 "concurrencyLimit":2,"requestsPerMinute":30}
                """.formatted(baseUrl, apiKey == null ? "null" : "\"" + apiKey + "\"");
    }

    @Test
    void storingAKeyIsRefusedWithAClearMessage() {
        UserView admin = data.admin();
        var result = mvc.post()
                .uri("/api/v1/endpoints")
                .header("Authorization", EndpointsApiTests.basic(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json(MODEL.baseUrl(), "sk-would-be-stored"))
                .exchange();
        assertThat(result).hasStatus(422);
        assertThat(result).bodyJson().extractingPath("$.code").isEqualTo("no-server-key");
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("apiKey");
        assertThat(result)
                .bodyJson()
                .extractingPath("$.detail")
                .asString()
                .contains("feedloop.generation.key-encryption-key is not set");
        assertThat(jdbc.sql("SELECT count(*) FROM model_endpoint")
                        .query(Integer.class)
                        .single())
                .isZero();

        var page = mvc.post()
                .uri("/admin/endpoints")
                .with(TestData.as(admin))
                .with(csrf())
                .param("name", "local")
                .param("baseUrl", MODEL.baseUrl())
                .param("model", "m")
                .param("apiKey", "sk-would-be-stored")
                .param("concurrencyLimit", "2")
                .param("requestsPerMinute", "30")
                .exchange();
        Document form = RefusedPages.follow(mvc, page, "/admin/endpoints/new", TestData.as(admin));
        assertThat(form.select("#apiKey-error").text()).contains("cannot store API keys");
        assertThat(form.select(".flash-warn").text()).contains("feedloop.generation.key-encryption-key");
    }

    @Test
    void endpointsWithoutAKeyStillWork() {
        UserView admin = data.admin();
        var created = mvc.post()
                .uri("/api/v1/endpoints")
                .header("Authorization", EndpointsApiTests.basic(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json(MODEL.baseUrl(), null))
                .exchange();
        assertThat(created).hasStatus(201);
        long id = jdbc.sql("SELECT id FROM model_endpoint").query(Long.class).single();
        assertThat(mvc.post()
                        .uri("/api/v1/endpoints/" + id + "/test")
                        .header("Authorization", EndpointsApiTests.basic(admin)))
                .bodyJson()
                .extractingPath("$.model")
                .isEqualTo("keyless-model");
    }

    @Test
    void linkLocalAddressesAreAllowedWhenTheServerSaysSo() {
        UserView admin = data.admin();
        assertThat(mvc.post()
                        .uri("/api/v1/endpoints")
                        .header("Authorization", EndpointsApiTests.basic(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json("http://169.254.10.20:8000/v1", null)))
                .hasStatus(201);
    }
}
