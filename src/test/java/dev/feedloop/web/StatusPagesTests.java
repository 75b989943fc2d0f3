package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** Status pages say why a request was refused when the refusal has its own message. */
@IntegrationTest
class StatusPagesTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Test
    void aLabelerOfAProjectThatIsNotActiveIsToldSoNotThatSomeoneChangedSomething() throws Exception {
        var labeler = data.user();
        TestProject project = data.project().rankings(0).demonstrations(1).create();
        data.member(project, labeler, "LABELER");
        data.itemAsking(project, "Explain recursion.", "m1", "It calls itself.");
        jdbc.sql("UPDATE project SET status = 'DRAFT' WHERE id = ?")
                .param(project.id())
                .update();

        String cookie = RealHttp.login(port, labeler.username(), TestData.PASSWORD);
        var page = RealHttp.get(port, "/projects/" + project.slug() + "/write", cookie);

        assertThat(page.statusCode()).isEqualTo(409);
        assertThat(page.body())
                .contains("This project is not active, so it hands out no work.")
                .doesNotContain("Someone changed this at the same time");

        // The same refusal from the same service method, to an API client: problem details.
        String basic = Base64.getEncoder()
                .encodeToString((labeler.username() + ":" + TestData.PASSWORD).getBytes(StandardCharsets.UTF_8));
        var api = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(RealHttp.uri(
                                        port, "/api/v1/projects/" + project.slug() + "/tasks/next?kind=write"))
                                .header("Authorization", "Basic " + basic)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(409);
        assertThat(api.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        var problem = json.readTree(api.body());
        assertThat(problem.get("status").asInt()).isEqualTo(409);
        assertThat(problem.get("code").asString()).isEqualTo("project-not-active");
        assertThat(problem.get("detail").asString()).contains("is not active, so it hands out no work");
    }
}
