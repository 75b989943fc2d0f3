package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestUsers;
import dev.feedloop.testsupport.TestWork;
import dev.feedloop.testsupport.TestWork.Project;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import tools.jackson.databind.json.JsonMapper;

/** Status pages say why a request was refused when the refusal has its own message. */
@IntegrationTest
class StatusPagesTests {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers users;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JsonMapper json;

    @Test
    void aLabelerOfAProjectThatIsNotActiveIsToldSoNotThatSomeoneChangedSomething() throws Exception {
        var labeler = users.member();
        var work = new TestWork(jdbc, events, transactions, json);
        Project project = work.create(Map.of("rankings_per_item", 0, "demonstrations_per_item", 1));
        work.member(project, labeler, "LABELER");
        work.item(project, "Explain recursion.", "m1", "It calls itself.");
        jdbc.sql("UPDATE project SET status = 'DRAFT' WHERE id = ?")
                .param(project.id())
                .update();

        String cookie = RealHttp.login(port, labeler.username(), TestUsers.PASSWORD);
        var page = RealHttp.get(port, "/projects/" + project.slug() + "/write", cookie);

        assertThat(page.statusCode()).isEqualTo(409);
        assertThat(page.body())
                .contains("This project is not active, so it hands out no work.")
                .doesNotContain("Someone changed this at the same time");

        // The same refusal from the same service method, to an API client: problem details.
        String basic = Base64.getEncoder()
                .encodeToString((labeler.username() + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));
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
