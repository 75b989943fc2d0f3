package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
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
    }
}
