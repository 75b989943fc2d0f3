package dev.feedloop.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.UserView;
import dev.feedloop.projects.Members;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.ServerProcess;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deliveries run by whole servers in processes of their own ({@link ServerProcess}) on the test's
 * database, while this test's own scheduler is paused: two servers polling the same executions post
 * each delivery exactly once, and after the servers are stopped and another one started, nothing
 * delivered before is posted again.
 */
@IntegrationTest
class WebhookServersTests {

    static final Duration WAIT = Duration.ofSeconds(60);

    @Autowired
    Webhooks webhooks;

    @Autowired
    Members members;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Scheduler scheduler;

    static String[] settings() {
        return new String[] {
            "--feedloop.generation.key-encryption-key=zQayYmpy3JHSAvkM3ZSSg+NHziHODIGkSxH+eTO4w8s=",
            "--feedloop.webhooks.allow-private-addresses=true",
            "--feedloop.webhooks.backoff=200ms",
            "--feedloop.webhooks.max-backoff=1s"
        };
    }

    long delivered() {
        return jdbc.sql("SELECT count(*) FROM webhook_delivery WHERE state = 'DELIVERED'")
                .query(Long.class)
                .single();
    }

    @Test
    void twoServersPostEachDeliveryOnceAndARestartedServerPostsNothingAgain() {
        AccountPrincipal admin = TestData.principal(data.admin());
        TestProject project = data.project().demonstrations(1).rankings(0).create();
        List<UserView> people = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            UserView person = data.user();
            data.member(project, person, "LABELER");
            people.add(person);
        }
        scheduler.pause();
        try (Receiver receiver = new Receiver()) {
            webhooks.create(project.slug(), receiver.url(), List.of("annotator.paused"), admin);
            try (ServerProcess first = ServerProcess.start("webhooks-a", settings());
                    ServerProcess second = ServerProcess.start("webhooks-b", settings())) {
                for (UserView person : people.subList(0, 8)) {
                    members.pause(project.slug(), person.username(), admin);
                }
                first.await(() -> delivered() == 8, WAIT, "8 deliveries by two servers");
            }
            try (ServerProcess third = ServerProcess.start("webhooks-c", settings())) {
                members.pause(project.slug(), people.get(8).username(), admin);
                members.pause(project.slug(), people.get(9).username(), admin);
                third.await(() -> delivered() == 10, WAIT, "2 more deliveries after the restart");
            }
            List<String> ids = receiver.received().stream()
                    .map(Receiver.Received::delivery)
                    .toList();
            assertThat(ids).hasSize(10).doesNotHaveDuplicates();
            assertThat(jdbc.sql("SELECT count(*) FROM webhook_attempt")
                            .query(Long.class)
                            .single())
                    .isEqualTo(10);
            assertThat(jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'webhook-delivery'")
                            .query(Long.class)
                            .single())
                    .isZero();
        } finally {
            scheduler.resume();
        }
    }
}
