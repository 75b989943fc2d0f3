package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestUsers;
import dev.feedloop.testsupport.TestWork;
import dev.feedloop.testsupport.TestWork.Project;
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
    }
}
