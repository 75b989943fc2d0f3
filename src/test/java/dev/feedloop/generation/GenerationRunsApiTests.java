package dev.feedloop.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

@IntegrationTest
class GenerationRunsApiTests {

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("stub-api-1");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    long endpoint() {
        return jdbc.sql("""
                        INSERT INTO model_endpoint (name, base_url, model, concurrency_limit, requests_per_minute)
                        VALUES ('Api stub', :url, 'stub-api-1', 2, 1000) RETURNING id
                        """).param("url", MODEL.baseUrl()).query(Long.class).single();
    }

    @Test
    void adminsStartListReadAndRetryRunsAndOthersAreRefused() throws Exception {
        UserView admin = data.admin();
        UserView member = data.user();
        TestProject project = data.project().demonstrations(0).rankings(1).create();
        data.member(project, member, "ANNOTATOR");
        data.item(project, "q-1", 0, "a");
        String runs = "/api/v1/projects/" + project.slug() + "/generation-runs";
        String body = "{\"endpointIds\":[" + endpoint() + "],\"samples\":1}";

        assertThat(mvc.post()
                        .uri(runs)
                        .with(TestData.as(member))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .hasStatus(403);
        assertThat(mvc.post()
                        .uri(runs)
                        .with(TestData.as(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"endpointIds\":[],\"samples\":1}"))
                .hasStatus(400)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("endpointIds");
        assertThat(mvc.post()
                        .uri(runs)
                        .with(TestData.as(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body.replace("\"samples\":1", "\"samples\":1,\"metadata\":{\"lang\":\"xx\"}")))
                .hasStatus(422)
                .bodyJson()
                .extractingPath("$.code")
                .isEqualTo("no-items");

        var started = mvc.post()
                .uri(runs)
                .with(TestData.as(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .exchange();
        assertThat(started).hasStatus(201).bodyJson().extractingPath("$.total").isEqualTo(1);
        long id = jdbc.sql("SELECT id FROM generation_run").query(Long.class).single();
        for (int i = 0; i < 300 && !"FINISHED".equals(status(id)); i++) {
            Thread.sleep(100);
        }

        assertThat(mvc.get().uri(runs + "/" + id).with(TestData.as(admin)))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.run.done")
                .isEqualTo(1);
        assertThat(mvc.get().uri(runs + "/" + id).with(TestData.as(admin)))
                .bodyJson()
                .extractingPath("$.run.inFlight")
                .as("the count of units in flight, none once finished")
                .isEqualTo(0);
        assertThat(mvc.get().uri(runs).with(TestData.as(admin)))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$[0].status")
                .isEqualTo("FINISHED");
        assertThat(mvc.get().uri(runs).with(TestData.as(member))).hasStatus(403);
        assertThat(mvc.post().uri(runs + "/" + id + "/cancel").with(TestData.as(admin)))
                .hasStatus(409)
                .bodyJson()
                .extractingPath("$.code")
                .isEqualTo("not-running");
        assertThat(mvc.post().uri(runs + "/" + id + "/retry").with(TestData.as(admin)))
                .hasStatus(409)
                .bodyJson()
                .extractingPath("$.code")
                .isEqualTo("nothing-failed");
        assertThat(mvc.get().uri(runs + "/" + (id + 99)).with(TestData.as(admin)))
                .hasStatus(404);
    }

    private String status(long id) {
        return jdbc.sql("SELECT status FROM generation_run WHERE id = :id")
                .param("id", id)
                .query(String.class)
                .single();
    }
}
