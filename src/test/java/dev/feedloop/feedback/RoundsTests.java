package dev.feedloop.feedback;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.RoundDefinition;
import dev.feedloop.projects.Rounds;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rounds of the loop: made and changed over REST and on the page, never overlapping, holding what
 * came in during their window, filtering exports, snapshots and the leaderboard, and counted round
 * over round.
 */
@IntegrationTest
class RoundsTests {

    @LocalServerPort
    int port;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    @Autowired
    ApiTokens tokens;

    @Autowired
    Rounds rounds;

    final HttpClient http = HttpClient.newHttpClient();

    UserView admin;
    String adminToken;
    TestProject project;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        adminToken = tokens.create(admin.id(), "rounds").token();
        project = data.project().demonstrations(0).rankings(0).create();
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    String api(String path) {
        return "/api/v1/projects/" + project.slug() + path;
    }

    JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isBetween(200, 201);
        return json.readTree(response.body());
    }

    static String round(String name, String model, Instant starts, Instant ends) {
        return """
                {"name": "%s", "modelVersion": "%s", "startsAt": "%s"%s}""".formatted(name, model, starts, ends == null ? "" : ", \"endsAt\": \"" + ends + "\"");
    }

    /** Round r1 (bot-v7) from an hour ago, closed now; r2 (bot-v8) open from then. Returns r1's end. */
    Instant twoRounds(Runnable duringFirst) throws Exception {
        ok(send("POST", api("/rounds"), round("r1", "bot-v7", Instant.now().minus(1, ChronoUnit.HOURS), null)));
        duringFirst.run();
        Instant end = Instant.parse(
                ok(send("POST", api("/rounds/r1/close"), null)).get("endsAt").asString());
        ok(send("POST", api("/rounds"), round("r2", "bot-v8", end, null)));
        return end;
    }

    @Test
    void roundsAreMadeListedEditedClosedAndDeletedOverRest() throws Exception {
        Instant start = Instant.parse("2026-11-30T00:00:00Z");
        var created = send("POST", api("/rounds"), round("2026-w49", "support-bot-v7", start, null));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue(api("/rounds/2026-w49"));
        JsonNode listed = ok(send("GET", api("/rounds"), null));
        assertThat(listed.size()).isEqualTo(1);
        assertThat(listed.get(0).get("open").asBoolean()).isTrue();
        assertThat(listed.get(0).get("modelVersion").asString()).isEqualTo("support-bot-v7");

        JsonNode edited = ok(send("PUT", api("/rounds/2026-w49"), "{\"modelVersion\": \"support-bot-v7.1\"}"));
        assertThat(edited.get("modelVersion").asString()).isEqualTo("support-bot-v7.1");
        assertThat(edited.get("startsAt").asString()).isEqualTo(start.toString());

        JsonNode closed = ok(send("PUT", api("/rounds/2026-w49"), "{\"close\": true}"));
        assertThat(closed.get("open").asBoolean()).isFalse();
        assertThat(Instant.parse(closed.get("endsAt").asString()))
                .isBetween(Instant.now().minusSeconds(60), Instant.now());

        assertThat(send("DELETE", api("/rounds/2026-w49"), null).statusCode()).isEqualTo(204);
        assertThat(ok(send("GET", api("/rounds"), null)).size()).isZero();
        assertThat(send("DELETE", api("/rounds/2026-w49"), null).statusCode()).isEqualTo(404);
    }

    @Test
    void anOverlappingRoundIsRefusedNamingTheOtherOne() throws Exception {
        ok(send(
                "POST",
                api("/rounds"),
                round("w1", "v1", Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-08T00:00:00Z"))));
        ok(send("POST", api("/rounds"), round("w2", "v2", Instant.parse("2026-01-08T00:00:00Z"), null)));

        var overlapping = send(
                "POST",
                api("/rounds"),
                round("w1b", "v1", Instant.parse("2026-01-07T00:00:00Z"), Instant.parse("2026-01-07T12:00:00Z")));
        assertThat(overlapping.statusCode()).isEqualTo(409);
        assertThat(json.readTree(overlapping.body()).get("detail").asString())
                .isEqualTo("The window overlaps round 'w1' (2026-01-01T00:00:00Z to 2026-01-08T00:00:00Z); rounds of a"
                        + " project may not overlap.");
        // the open round reaches into the future
        var later = send("POST", api("/rounds"), round("w9", "v9", Instant.parse("2027-01-01T00:00:00Z"), null));
        assertThat(later.statusCode()).isEqualTo(409);
        assertThat(json.readTree(later.body()).get("detail").asString())
                .contains("'w2'")
                .contains("to open");
        // moving a round onto another is refused too
        var moved = send("PUT", api("/rounds/w1"), "{\"endsAt\": \"2026-01-09T00:00:00Z\"}");
        assertThat(moved.statusCode()).isEqualTo(409);
        assertThat(json.readTree(moved.body()).get("detail").asString()).contains("'w2'");
        assertThat(send(
                                "POST",
                                api("/rounds"),
                                round(
                                        "w1",
                                        "v",
                                        Instant.parse("2020-01-01T00:00:00Z"),
                                        Instant.parse("2020-01-02T00:00:00Z")))
                        .statusCode())
                .isEqualTo(409);
        var backwards = send(
                "POST",
                api("/rounds"),
                round("w0", "v", Instant.parse("2020-01-02T00:00:00Z"), Instant.parse("2020-01-01T00:00:00Z")));
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(json.readTree(backwards.body())
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("endsAt");
    }

    @Test
    void twoOverlappingRoundsMadeAtOnceLeaveOne() throws Exception {
        var me = TestData.principal(admin);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<String>> results = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            results.add(pool.submit(() -> {
                start.await();
                try {
                    rounds.create(
                            project.slug(),
                            new RoundDefinition(name, "v", Instant.parse("2026-03-01T00:00:00Z"), null),
                            me);
                    return "created";
                } catch (Refusal refusal) {
                    return refusal.status() + " " + refusal.messageCode();
                }
            }));
        }
        start.countDown();
        List<String> outcomes = new ArrayList<>();
        for (Future<String> result : results) {
            outcomes.add(result.get());
        }
        pool.shutdown();
        assertThat(outcomes).containsExactlyInAnyOrder("created", "409 projects.error.roundOverlap");
        assertThat(rounds.of(project.id())).hasSize(1);
        // the database refuses an overlap whoever writes it
        assertThatThrownBy(() -> jdbc.sql("""
                        INSERT INTO project_round (project_id, name, model_version, starts_at)
                        VALUES (?, 'c', 'v', '2026-04-01T00:00:00Z')
                        """).param(project.id()).update())
                .isInstanceOf(DataIntegrityViolationException.class)
                .hasMessageContaining("project_round_no_overlap");
    }

    @Test
    void exportsSnapshotsAndTheLeaderboardTakeTheItemsThatCameInDuringTheRound() throws Exception {
        long annotator = data.user().id();
        long[] first = new long[1];
        twoRounds(() -> first[0] = data.storedItem(project.id(), "q-first", List.of(message("user", "First?"))));
        long second = data.storedItem(project.id(), "q-second", List.of(message("user", "Second?")));
        for (long item : new long[] {first[0], second}) {
            data.candidate(item, "a", "m1", "A");
            data.candidate(item, "b", "m2", "B");
        }
        data.ranking(first[0], annotator).tiers(List.of("a"), List.of("b")).insert();
        data.ranking(second, annotator).tiers(List.of("b"), List.of("a")).insert();

        assertThat(exportedIds("round=r1")).containsExactly("q-first");
        assertThat(exportedIds("round=r2")).containsExactly("q-second");
        assertThat(exportedIds("")).containsExactly("q-first", "q-second");

        var unknown = send("GET", api("/exports/preferences?format=rankings&round=nope"), null);
        assertThat(unknown.statusCode()).isEqualTo(422);
        JsonNode problem = json.readTree(unknown.body());
        assertThat(problem.get("detail").asString()).startsWith("Unknown round 'nope': the parameter round");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("round");
        assertThat(send("GET", api("/exports/sft?round=nope"), null).statusCode())
                .isEqualTo(422);
        assertThat(send("POST", api("/snapshots?kind=sft&round=nope"), null).statusCode())
                .isEqualTo(422);
        assertThat(send("GET", api("/leaderboard?round=nope"), null).statusCode())
                .isEqualTo(422);

        JsonNode firstBoard = ok(send("GET", api("/leaderboard?round=r1"), null));
        assertThat(firstBoard.get(0).get("model").asString()).isEqualTo("m1");
        assertThat(firstBoard.get(0).get("wins").asLong()).isEqualTo(1);
        JsonNode secondBoard = ok(send("GET", api("/leaderboard?round=r2"), null));
        assertThat(secondBoard.get(0).get("model").asString()).isEqualTo("m2");
        assertThat(ok(send("GET", api("/leaderboard/battles?round=r2"), null))
                        .get("rankings")
                        .asLong())
                .isEqualTo(1);
        assertThat(ok(send("GET", api("/leaderboard/battles"), null))
                        .get("rankings")
                        .asLong())
                .isEqualTo(2);

        // the export page's preview takes the round too, and its curl line repeats it
        Document preview = preview("round=r1");
        assertThat(preview.select("pre.export-line")).hasSize(1);
        assertThat(preview.select("#export-curl").text()).contains("&round=r1");
        assertThat(preview.select("#export-counts").attr("hx-get")).contains("round=r1");
        MvcTestResult counts = mvc.get()
                .uri("/projects/{slug}/export/counts?format=rankings&testRatio=0&round=r1", project.slug())
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .exchange();
        assertThat(Jsoup.parseBodyFragment(counts.getResponse().getContentAsString(StandardCharsets.UTF_8))
                        .select(".export-total")
                        .text())
                .isEqualTo("1");
        Document refused = preview("round=nope");
        assertThat(refused.select(".flash-error > span").text()).isEqualTo("This project has no round 'nope'.");

        // a snapshot of the round: its manifest names the round and holds only its item
        JsonNode manifest =
                ok(send("POST", api("/snapshots?kind=preferences&format=rankings&testRatio=0&round=r1&wait=30"), null));
        assertThat(manifest.get("parameters").get("round").asString()).isEqualTo("r1");
        assertThat(manifest.get("round").get("name").asString()).isEqualTo("r1");
        assertThat(manifest.get("round").get("modelVersion").asString()).isEqualTo("bot-v7");
        assertThat(manifest.get("round").get("endsAt").isNull()).isFalse();
        assertThat(manifest.get("counts").get("train").asLong()).isEqualTo(1);
    }

    Document preview(String query) throws Exception {
        MvcTestResult result = mvc.get()
                .uri("/projects/{slug}/export/preview?format=rankings&testRatio=0&" + query, project.slug())
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .exchange();
        assertThat(result).hasStatusOk();
        return Jsoup.parseBodyFragment(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    List<String> exportedIds(String query) throws Exception {
        var response = send("GET", api("/exports/preferences?format=rankings&" + query), null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body()
                .lines()
                .map(line ->
                        json.readTree(line).get("metadata").get("external_id").asString())
                .toList();
    }

    @Test
    void roundOverRoundCountsFailuresFixesAndTheNewModelOnTheOldFailures() throws Exception {
        UserView writer = data.user();
        UserView reviewer = data.user();
        List<Long> people =
                List.of(data.user().id(), data.user().id(), data.user().id());
        twoRounds(() -> {
            try {
                for (String trace : List.of("t-1", "t-2")) {
                    ok(send("POST", api("/feedback"), FeedbackIntakeTests.feedback(trace, "down")));
                }
                ok(send("POST", api("/feedback"), FeedbackIntakeTests.feedback("t-3", "up")));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            long fix = data.demonstration(item("fb-t-1"), writer.id(), "In 1989.")
                    .at(Instant.now())
                    .insert();
            data.review(fix, reviewer.id(), "APPROVED", Instant.now());
            // a rejected fix is counted as fixed, but its failure is no regression prompt
            long rejected = data.demonstration(item("fb-t-2"), writer.id(), "No idea.")
                    .at(Instant.now())
                    .insert();
            data.review(rejected, reviewer.id(), "REJECTED", Instant.now());
            jdbc.sql("""
                            UPDATE feedback SET dismissed_reason = 'fine', dismissed_at = now()
                            WHERE project_id = ? AND trace_id = 't-2'
                            """).param(project.id()).update();
        });

        JsonNode before = ok(send("GET", api("/rounds/summary"), null));
        assertThat(before.get(0).get("name").asString()).isEqualTo("r2");
        assertThat(before.get(0).get("regression").get("prompts").asLong()).isEqualTo(1);
        assertThat(before.get(0).get("regression").get("candidates").asLong()).isZero();

        long item = item("fb-t-1");
        data.candidate(item, "v8", "bot-v8", "It fell in 1989.");
        data.candidate(item, "v6", "bot-v6", "November 1989.");
        data.ranking(item, people.get(0))
                .tiers(List.of("v8"), List.of("bad-reply"))
                .insert();
        data.ranking(item, people.get(1)).tiers(List.of("bad-reply", "v8")).insert();
        data.ranking(item, people.get(2))
                .tiers(List.of("v6"), List.of("v8"), List.of("bad-reply"))
                .insert();
        data.ranking(item, people.get(0))
                .tiers(List.of("v8"), List.of("bad-reply"))
                .noneAcceptable()
                .insert();

        JsonNode summary = ok(send("GET", api("/rounds/summary"), null));
        JsonNode second = summary.get(0);
        JsonNode first = summary.get(1);
        assertThat(first.get("name").asString()).isEqualTo("r1");
        assertThat(List.of(
                        first.get("failures").asLong(),
                        first.get("fixed").asLong(),
                        first.get("approved").asLong(),
                        first.get("notAFailure").asLong()))
                .containsExactly(2L, 2L, 1L, 1L);
        assertThat(first.get("regression").isNull()).isTrue();
        assertThat(List.of(second.get("failures").asLong(), second.get("fixed").asLong()))
                .containsExactly(0L, 0L);
        JsonNode regression = second.get("regression");
        assertThat(regression.get("previousRound").asString()).isEqualTo("r1");
        assertThat(regression.get("prompts").asLong()).isEqualTo(1);
        assertThat(regression.get("candidates").asLong()).isEqualTo(1);
        assertThat(regression.get("rankings").asLong()).isEqualTo(3);
        assertThat(List.of(
                        regression.get("wins").asLong(),
                        regression.get("losses").asLong(),
                        regression.get("ties").asLong()))
                .containsExactly(2L, 1L, 1L);
        assertThat(regression.get("winShare").asDouble()).isEqualTo(0.5);

        // the feedback list and the item page name the round things came in during
        assertThat(html("/projects/{slug}/feedback")
                        .select("tr[data-trace-id=t-1] [data-round]")
                        .text())
                .isEqualTo("round r1");
        assertThat(html("/projects/{slug}/items/fb-t-1")
                        .select("h2 [data-round]")
                        .text())
                .isEqualTo("round r1");

        // the page shows the same, and the snapshot button starts one job per kind naming the round
        Document page = page();
        assertThat(page.select("tr[data-round=r1] [data-failures]").text()).isEqualTo("2");
        assertThat(page.select("tr[data-round=r2] [data-regression]").text())
                .isEqualTo("2 wins, 1 losses, 1 ties (50% won) on 1 prompts of round r1");
        assertThat(mvc.post()
                        .uri("/projects/{slug}/export/rounds/r1/snapshots", project.slug())
                        .with(TestData.as(admin))
                        .with(csrf())
                        .exchange())
                .hasRedirectedUrl("/projects/" + project.slug() + "/rounds");
        data.awaitSnapshotJobs();
        List<String> manifests = jdbc.sql(
                        "SELECT manifest ->> 'round' FROM snapshot WHERE project_id = ? ORDER BY kind")
                .param(project.id())
                .query(String.class)
                .list();
        assertThat(manifests).hasSize(2);
        for (String round : manifests) {
            assertThat(json.readTree(round).get("name").asString()).isEqualTo("r1");
        }
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM snapshot WHERE project_id = ? AND manifest -> 'parameters' ->> 'round' = 'r1'")
                        .param(project.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void thePageMakesAndClosesRoundsAndShowsAnOverlapAsAMessage() throws Exception {
        assertThat(createOnPage("w1", "bot-v1", "2026-01-01T00:00", "2026-01-08T00:00"))
                .hasRedirectedUrl("/projects/" + project.slug() + "/rounds");
        MvcTestResult refused = createOnPage("w2", "bot-v2", "2026-01-07T00:00", "");
        assertThat(refused).hasRedirectedUrl("/projects/" + project.slug() + "/rounds");
        assertThat(refused).flash().containsEntry("flashError", "projects.error.roundOverlap");
        assertThat(createOnPage("w2", "bot-v2", "2026-01-08T00:00", ""))
                .hasRedirectedUrl("/projects/" + project.slug() + "/rounds");
        assertThat(postForm("/projects/{slug}/rounds/w2/close"))
                .hasRedirectedUrl("/projects/" + project.slug() + "/rounds");
        assertThat(rounds.of(project.id()).get(1).open()).isFalse();
        Document page = page();
        assertThat(page.select("tr[data-round]").eachAttr("data-round")).containsExactly("w2", "w1");
        assertThat(page.select("[data-new-round]")).hasSize(1);

        // a reviewer sees the rounds without the forms; a labeler does not see them
        UserView reviewer = data.user();
        data.member(project, reviewer, "REVIEWER");
        MvcTestResult asReviewer = mvc.get()
                .uri("/projects/{slug}/rounds", project.slug())
                .with(TestData.as(reviewer))
                .exchange();
        assertThat(asReviewer).hasStatusOk();
        Document reviewerPage = Jsoup.parse(asReviewer.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(reviewerPage.select("tr[data-round]")).hasSize(2);
        assertThat(reviewerPage.select("form")).allMatch(f -> !f.attr("action").contains("/rounds"));
        UserView labeler = data.user();
        data.member(project, labeler, "LABELER");
        assertThat(mvc.get()
                        .uri("/projects/{slug}/rounds", project.slug())
                        .with(TestData.as(labeler))
                        .exchange())
                .hasStatus(403);
    }

    MvcTestResult createOnPage(String name, String model, String startsAt, String endsAt) {
        return postForm(
                "/projects/{slug}/rounds", "name", name, "modelVersion", model, "startsAt", startsAt, "endsAt", endsAt);
    }

    MvcTestResult postForm(String uri, String... fields) {
        var request =
                mvc.post().uri(uri, project.slug()).with(TestData.as(admin)).with(csrf());
        for (int i = 0; i < fields.length; i += 2) {
            request = request.param(fields[i], fields[i + 1]);
        }
        return request.exchange();
    }

    Document page() throws Exception {
        return html("/projects/{slug}/rounds");
    }

    Document html(String uri) throws Exception {
        MvcTestResult result =
                mvc.get().uri(uri, project.slug()).with(TestData.as(admin)).exchange();
        assertThat(result).hasStatusOk();
        return Jsoup.parse(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    long item(String externalId) {
        return jdbc.sql("SELECT id FROM item WHERE project_id = ? AND external_id = ?")
                .params(project.id(), externalId)
                .query(Long.class)
                .single();
    }
}
