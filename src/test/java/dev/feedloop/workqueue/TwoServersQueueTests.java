package dev.feedloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.FeedloopApplication;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import dev.feedloop.workqueue.QueueConcurrencyTests.ServiceAnnotators;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two servers on one database behave as one: the annotator run of {@link QueueConcurrencyTests}
 * spread over two application contexts, every call going to one of them at random (a claim on one
 * server, its submit or skip on the other). Each context has its own beans and connection pool;
 * only the database is shared.
 */
@IntegrationTest
class TwoServersQueueTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Test
    void thirtyTwoAnnotatorsOnTwoServersWorkTwoThousandItemsToTheEnd() throws Exception {
        TestProject project = data.project().demonstrations(0).rankings(3).create();
        data.items(project, "q", 2000, 3);
        List<Person> people = data.people(project, 32 + 600, "ANNOTATOR");
        QueueWorkload workload = new QueueWorkload(jdbc, data, project.id());

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(FeedloopApplication.class)
                .properties("server.port=0", "spring.main.banner-mode=off", "spring.datasource.hikari.pool-name=second")
                .run()) {
            WorkQueue other = second.getBean(WorkQueue.class);
            assertThat(other).isNotSameAs(context.getBean(WorkQueue.class));
            List<ServiceAnnotators> servers = List.of(
                    new ServiceAnnotators(context.getBean(WorkQueue.class), json, project.slug()),
                    new ServiceAnnotators(other, json, project.slug()));

            workload.run(new EitherServer(servers), people, 32, Duration.ofMinutes(3));
        }

        workload.verify(2000, 3);
        assertThat(workload.skips.get()).isGreaterThan(300);
        assertThat(workload.abandoned.get()).isGreaterThan(150);
        assertThat(workload.repeats.get()).isGreaterThan(150);
    }

    /** Sends every call to one of the servers, picked at random. */
    record EitherServer(List<ServiceAnnotators> servers) implements QueueWorkload.Annotators {

        @Override
        public Optional<QueueWorkload.Claim> next(Person person) {
            return any().next(person);
        }

        @Override
        public QueueWorkload.Submitted submit(Person person, QueueWorkload.Claim claim) {
            return any().submit(person, claim);
        }

        @Override
        public void skip(Person person, QueueWorkload.Claim claim) {
            any().skip(person, claim);
        }

        private ServiceAnnotators any() {
            return servers.get(ThreadLocalRandom.current().nextInt(servers.size()));
        }
    }
}
