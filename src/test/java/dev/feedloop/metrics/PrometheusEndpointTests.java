package dev.feedloop.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import dev.feedloop.workqueue.ClaimedTask;
import dev.feedloop.workqueue.RankSubmits;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.json.JsonMapper;

/** {@code /actuator/prometheus}: who may read it, and what it reports after real work. */
@IntegrationTest
class PrometheusEndpointTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    WorkQueue queue;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @Test
    void anonymousCallersAndOrdinaryUsersAreRefused() {
        assertThat(mvc.get().uri("/actuator/prometheus")).hasStatus(401);
        assertThat(mvc.get().uri("/actuator/prometheus").with(TestData.as(data.user())))
                .hasStatus(403);
    }

    @Test
    void aWrongScrapeTokenIsRefused() {
        assertThat(mvc.get()
                        .uri("/actuator/prometheus")
                        .header("Authorization", "Bearer " + IntegrationTest.SCRAPE_TOKEN + "x"))
                .hasStatus(401);
    }

    @Test
    void theScrapeTokenOpensOnlyThePrometheusEndpoint() {
        String bearer = "Bearer " + IntegrationTest.SCRAPE_TOKEN;
        assertThat(mvc.get().uri("/actuator/prometheus").header("Authorization", bearer))
                .hasStatusOk();
        assertThat(mvc.get().uri("/actuator/metrics").header("Authorization", bearer))
                .hasStatus(401);
        assertThat(mvc.get().uri("/api/v1/users/me").header("Authorization", bearer))
                .hasStatus(401);
    }

    @Test
    void aPrometheusServerScrapesOverHttpWithTheToken() throws Exception {
        HttpResponse<String> answer;
        try (HttpClient http = HttpClient.newHttpClient()) {
            answer = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                            .header("Authorization", "Bearer " + IntegrationTest.SCRAPE_TOKEN)
                            .header("Accept", "text/plain")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(answer.body()).contains("# TYPE jvm_info gauge", "# TYPE hikaricp_connections_active gauge");
    }

    @Test
    void reportsTheQueueAndTheJudgmentsAfterAClaimAndASubmit() throws Exception {
        TestProject project = data.project().demonstrations(0).rankings(2).create();
        List<Person> people = data.people(project, 3, "ANNOTATOR");
        data.item(project, "one", 0, "a", "b");
        data.item(project, "two", 0, "a", "b");
        String before = scrapeAsAdmin();

        ClaimedTask first = queue.next(
                        project.slug(), TaskKind.RANK, people.get(0).principal())
                .orElseThrow();
        queue.submit(first.taskId(), people.get(0).principal(), RankSubmits.inOrder(json, first, List.of("a", "b")));
        queue.next(project.slug(), TaskKind.RANK, people.get(1).principal()).orElseThrow();
        ClaimedTask left = queue.next(
                        project.slug(), TaskKind.RANK, people.get(2).principal())
                .orElseThrow();
        data.expireLease(left.taskId());
        jdbc.sql("INSERT INTO generation_run (project_id, items, samples) VALUES (?, 'ALL', 1)")
                .param(project.id())
                .update();

        String after = scrapeAsAdmin();
        String queueLabels = "kind=\"rank\",project=\"" + project.slug() + "\"";
        assertThat(value(after, "feedloop_queue_open_tasks{" + queueLabels + "}"))
                .isEqualTo(1);
        assertThat(value(after, "feedloop_queue_leases{" + queueLabels + ",state=\"held\"}"))
                .isEqualTo(1);
        assertThat(value(after, "feedloop_queue_leases{" + queueLabels + ",state=\"expired\"}"))
                .isEqualTo(1);
        assertThat(value(after, "feedloop_jobs{state=\"running\",type=\"generation\"}"))
                .isEqualTo(1);

        String judgments = "feedloop_judgments_submitted_total{kind=\"rank\",late=\"false\"}";
        assertThat(value(after, judgments) - valueOrZero(before, judgments)).isEqualTo(1);
        String claims = "feedloop_queue_claim_seconds_count{kind=\"rank\",outcome=\"leased\"}";
        assertThat(value(after, claims) - valueOrZero(before, claims)).isEqualTo(3);
        String submits = "feedloop_queue_submit_seconds_count{outcome=\"stored\"}";
        assertThat(value(after, submits) - valueOrZero(before, submits)).isEqualTo(1);
        assertThat(after).contains("feedloop_queue_claim_seconds_bucket{kind=\"rank\",outcome=\"leased\",le=");
    }

    private String scrapeAsAdmin() throws Exception {
        var result = mvc.get()
                .uri("/actuator/prometheus")
                .with(TestData.as(data.admin()))
                .exchange();
        assertThat(result).hasStatusOk();
        return result.getResponse().getContentAsString();
    }

    /** The value of the series named exactly {@code series} (name and labels in Prometheus order). */
    static double value(String scrape, String series) {
        Matcher line =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        assertThat(line.find()).as("series %s in%n%s", series, scrape).isTrue();
        return Double.parseDouble(line.group(1));
    }

    static double valueOrZero(String scrape, String series) {
        Matcher line =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }
}
