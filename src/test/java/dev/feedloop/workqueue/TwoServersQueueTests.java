package dev.feedloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.FeedloopApplication;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestQueueData;
import dev.feedloop.testsupport.TestQueueData.Person;
import dev.feedloop.testsupport.TestQueueData.TestProject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two servers on one database behave as one: the same annotator run as in {@link
 * QueueConcurrencyTests}, over HTTP, every request sent to one of two application contexts at
 * random (a claim on one server, its submit on the other).
 */
@IntegrationTest
class TwoServersQueueTests {

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Test
    void thirtyTwoAnnotatorsOnTwoServersWorkTwoThousandItemsToTheEnd() throws Exception {
        TestQueueData data = new TestQueueData(context);
        TestProject project = data.project().demonstrations(0).rankings(3).create();
        data.items(project, "q", 2000, 3);
        List<Person> people = data.people(project, 32 + 600, "ANNOTATOR");
        QueueWorkload workload = new QueueWorkload(jdbc, data, project.id());

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(FeedloopApplication.class)
                .properties("server.port=0", "spring.main.banner-mode=off", "spring.datasource.hikari.pool-name=second")
                .run()) {
            List<URI> servers = List.of(baseUri(context), baseUri(second));
            assertThat(servers.get(0)).isNotEqualTo(servers.get(1));

            workload.run(
                    new HttpAnnotators(HttpClient.newHttpClient(), json, servers, project.slug()),
                    people,
                    32,
                    Duration.ofMinutes(3));
        }

        workload.verify(2000, 3);
        assertThat(workload.skips.get()).isGreaterThan(300);
        assertThat(workload.abandoned.get()).isGreaterThan(150);
        assertThat(workload.repeats.get()).isGreaterThan(150);
    }

    private static URI baseUri(ApplicationContext context) {
        return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    /** The annotators call the REST API of a server picked at random for every request. */
    record HttpAnnotators(HttpClient http, JsonMapper json, List<URI> servers, String slug)
            implements QueueWorkload.Annotators {

        @Override
        public Optional<QueueWorkload.Claim> next(Person person) {
            HttpResponse<String> response = post(person, "/api/v1/projects/" + slug + "/tasks/next?kind=rank", null);
            if (response.statusCode() == 204) {
                return Optional.empty();
            }
            JsonNode task = expect(response, 200);
            List<String> ids = new ArrayList<>();
            task.get("candidates").forEach(c -> ids.add(c.get("id").asString()));
            return Optional.of(new QueueWorkload.Claim(
                    task.get("taskId").asLong(),
                    task.at("/item/id").asLong(),
                    UUID.fromString(task.get("leaseToken").asString()),
                    ids));
        }

        @Override
        public QueueWorkload.Submitted submit(Person person, QueueWorkload.Claim claim) {
            HttpResponse<String> response = post(
                    person,
                    "/api/v1/tasks/" + claim.taskId() + "/submit",
                    Map.of(
                            "leaseToken",
                            claim.leaseToken().toString(),
                            "tiers",
                            claim.candidateIds().stream().map(List::of).toList(),
                            "noneAcceptable",
                            false,
                            "activeSeconds",
                            12));
            boolean created = response.statusCode() == 201;
            JsonNode body = expect(response, created ? 201 : 200);
            return new QueueWorkload.Submitted(body.get("judgmentId").asLong(), created);
        }

        @Override
        public void skip(Person person, QueueWorkload.Claim claim) {
            HttpResponse<String> response = post(
                    person,
                    "/api/v1/tasks/" + claim.taskId() + "/skip",
                    Map.of("leaseToken", claim.leaseToken().toString(), "reason", "needs_expertise"));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
        }

        private HttpResponse<String> post(Person person, String path, Object body) {
            URI server = servers.get(ThreadLocalRandom.current().nextInt(servers.size()));
            HttpRequest request = HttpRequest.newBuilder(server.resolve(path))
                    .header("Authorization", "Bearer " + person.token())
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private JsonNode expect(HttpResponse<String> response, int status) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
            return json.readTree(response.body());
        }
    }
}
