package dev.feedloop.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Judge runs against a real HTTP server speaking the chat completions API: two machine judgments
 * per rank item (both orders) with the labels read back into candidate ids, a fenced reply read, an
 * unreadable reply a failed unit with its error, the human-ranked-only choice, and the API's roles.
 */
@IntegrationTest
class JudgeRunsTests {

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("judge-model-1");

    @Autowired
    JudgeRuns runs;

    @Autowired
    MachineJudgments judgments;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    MockMvcTester mvc;

    UserView adminUser;
    AccountPrincipal admin;
    TestProject project;

    @BeforeEach
    void project() {
        adminUser = data.admin();
        admin = TestData.principal(adminUser);
        project = data.project().demonstrations(0).rankings(1).create();
    }

    long endpoint() {
        return jdbc.sql("""
                        INSERT INTO model_endpoint (name, base_url, model, temperature, concurrency_limit, requests_per_minute)
                        VALUES ('Judge stub', :url, 'judge-model-1', 0, 2, 10000) RETURNING id
                        """).param("url", MODEL.baseUrl()).query(Long.class).single();
    }

    /** A chat completion whose text is {@code reply}. */
    com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder replying(String reply) {
        String quoted = json.writeValueAsString(reply);
        return ModelServer.answering("judge-model-1", quoted.substring(1, quoted.length() - 1));
    }

    JudgeRunView finished(long runId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            JudgeRunView run = runs.get(admin, project.slug(), runId);
            if (!run.run().isRunning()) {
                return run;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("judge run " + runId + " did not finish");
    }

    @Test
    void aJudgeRunStoresTwoMachineJudgmentsPerRankItemWithTheLabelsReadAsCandidates() throws Exception {
        long endpoint = endpoint();
        long first = data.item(project, "q-1", 0, "a", "b", "c");
        long second = data.item(project, "q-2", 0, "a", "b", "c");
        data.item(project, "single", 0, "a");
        MODEL.answer(replying("""
                Here is my verdict:
                ```json
                {"ranking": [["B"], ["a", "C"]], "rationale": "B answers the question."}
                ```"""));
        long rankings =
                jdbc.sql("SELECT count(*) FROM ranking").query(Long.class).single();

        JudgeRunView started = runs.start(admin, project.slug(), new JudgeRunRequest(endpoint, null, false));
        assertThat(started.run().total())
                .as("two items with two candidates or more, two orders each")
                .isEqualTo(4);
        assertThat(started.prompt()).isEqualTo(JudgeRuns.defaultPrompt());
        JudgeRunView run = finished(started.run().id());

        assertThat(run.run().status()).isEqualTo("FINISHED");
        assertThat(run.run().done()).isEqualTo(4);
        assertThat(run.run().promptTokens()).isEqualTo(4 * 12);
        List<MachineJudgment> stored = judgments.ofProject(project.id());
        assertThat(stored).hasSize(4);
        for (long item : List.of(first, second)) {
            MachineJudgment forward = one(stored, item, MachineJudgment.FORWARD);
            MachineJudgment reversed = one(stored, item, MachineJudgment.REVERSED);
            assertThat(forward.shown()).containsExactly("a", "b", "c");
            assertThat(forward.tiers()).isEqualTo(List.of(List.of("b"), List.of("a", "c")));
            assertThat(reversed.shown()).containsExactly("c", "b", "a");
            assertThat(reversed.tiers())
                    .as("A is the last candidate when reversed")
                    .isEqualTo(List.of(List.of("b"), List.of("c", "a")));
            assertThat(forward.rationale()).isEqualTo("B answers the question.");
            assertThat(forward.rawReply()).startsWith("Here is my verdict:");
            assertThat(forward.model()).isEqualTo("judge-model-1");
            assertThat(forward.endpointName()).isEqualTo("Judge stub");
            assertThat(forward.promptTokens()).isEqualTo(12);
            assertThat(forward.latencyMillis()).isNotNull();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM ranking").query(Long.class).single())
                .as("machine judgments are not people's rankings")
                .isEqualTo(rankings);
        assertThat(jdbc.sql("SELECT count(*) FROM candidate WHERE external_id LIKE 'gen-%'")
                        .query(Long.class)
                        .single())
                .isZero();
        List<String> bodies =
                MODEL.requests().stream().map(r -> r.getBodyAsString()).toList();
        assertThat(bodies)
                .allSatisfy(body -> assertThat(body)
                        .contains("Candidate A")
                        .contains("Candidate C")
                        .contains("Question q-")
                        .contains("ranking"));
        assertThat(bodies)
                .as("one request shows answer c first, another answer a first")
                .anySatisfy(body -> assertThat(body.indexOf("answer c")).isLessThan(body.indexOf("answer a")))
                .anySatisfy(body -> assertThat(body.indexOf("answer a")).isLessThan(body.indexOf("answer c")));
    }

    @Test
    void anUnreadableReplyIsAFailedUnitWithItsError() throws Exception {
        long endpoint = endpoint();
        data.item(project, "q-1", 0, "a", "b");
        MODEL.answer(replying("I think the first one is better."));

        JudgeRunView run =
                finished(runs.start(admin, project.slug(), new JudgeRunRequest(endpoint, "Be strict.", false))
                        .run()
                        .id());

        assertThat(run.run().failed()).isEqualTo(2);
        assertThat(run.prompt()).isEqualTo("Be strict.");
        assertThat(run.failures()).hasSize(2).allSatisfy(failure -> {
            assertThat(failure.code()).isEqualTo("unreadable-judgment");
            assertThat(failure.error()).contains("no JSON object").contains("I think the first one");
        });
        assertThat(judgments.ofProject(project.id())).isEmpty();
        assertThat(MODEL.requests())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.getBodyAsString()).contains("Be strict."));
    }

    @Test
    void aRankingThatLeavesOutACandidateIsUnreadableToo() throws Exception {
        long endpoint = endpoint();
        data.item(project, "q-1", 0, "a", "b", "c");
        MODEL.answer(replying("{\"ranking\": [[\"A\"], [\"B\"]]}"));

        JudgeRunView run = finished(runs.start(admin, project.slug(), new JudgeRunRequest(endpoint, null, false))
                .run()
                .id());

        assertThat(run.failures())
                .extracting(RunFailure::error)
                .allSatisfy(error -> assertThat(error).contains("leaves out C"));
    }

    @Test
    void onlyHumanRankedItemsWhenAsked() throws Exception {
        long endpoint = endpoint();
        long ranked = data.item(project, "q-1", 0, "a", "b");
        data.item(project, "q-2", 0, "a", "b");
        data.ranking(ranked, data.user().id()).tiers(List.of("a"), List.of("b")).insert();
        MODEL.answer(replying("{\"ranking\": [[\"A\", \"B\"]]}"));

        JudgeRunView run = finished(runs.start(admin, project.slug(), new JudgeRunRequest(endpoint, null, true))
                .run()
                .id());

        assertThat(run.run().total()).isEqualTo(2);
        List<MachineJudgment> stored = judgments.ofProject(project.id());
        assertThat(stored).extracting(MachineJudgment::itemId).containsExactly(ranked, ranked);
        assertThat(one(stored, ranked, MachineJudgment.REVERSED).tiers())
                .as("one tier: a tie, in the order shown")
                .isEqualTo(List.of(List.of("b", "a")));
    }

    @Test
    void adminsStartListReadAndCancelJudgeRunsAndOthersAreRefused() throws Exception {
        UserView reviewer = data.user();
        data.member(project, reviewer, "REVIEWER");
        data.item(project, "q-1", 0, "a", "b");
        long endpoint = endpoint();
        MODEL.answer(replying("{\"ranking\": [[\"A\"], [\"B\"]]}").withFixedDelay(2000));
        String uri = "/api/v1/projects/" + project.slug() + "/judge-runs";
        String body = "{\"endpointId\":" + endpoint + "}";

        assertThat(mvc.post()
                        .uri(uri)
                        .with(TestData.as(reviewer))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body))
                .hasStatus(403);
        assertThat(mvc.post()
                        .uri(uri)
                        .with(TestData.as(adminUser))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .hasStatus(400)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("endpointId");
        var started = mvc.post()
                .uri(uri)
                .with(TestData.as(adminUser))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .exchange();
        assertThat(started)
                .hasStatus(201)
                .bodyJson()
                .extractingPath("$.run.total")
                .isEqualTo(2);
        long id = jdbc.sql("SELECT id FROM generation_run WHERE kind = 'JUDGE'")
                .query(Long.class)
                .single();
        assertThat(mvc.get().uri(uri).with(TestData.as(adminUser)))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$[0].run.id")
                .isEqualTo((int) id);
        assertThat(mvc.get().uri(uri).with(TestData.as(reviewer))).hasStatus(403);
        JsonNode inFlight = awaitInFlight(uri + "/" + id);
        assertThat(inFlight.path("inFlight").asInt())
                .as("both units wait for the slow judge")
                .isEqualTo(2);
        assertThat(inFlight.path("status").asString()).isEqualTo("RUNNING");
        assertThat(inFlight.path("kind").asString()).isEqualTo("JUDGE");
        assertThat(inFlight.has("running"))
                .as("the status says whether it runs")
                .isFalse();
        assertThat(inFlight.has("judge")).as("the kind says it is a judge run").isFalse();
        assertThat(mvc.get()
                        .uri("/api/v1/projects/" + project.slug() + "/generation-runs/" + id)
                        .with(TestData.as(adminUser)))
                .as("a judge run is not a generation run")
                .hasStatus(404);
        assertThat(mvc.post().uri(uri + "/" + id + "/cancel").with(TestData.as(adminUser)))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.run.status")
                .isEqualTo("CANCELLED");
        assertThat(mvc.get().uri(uri + "/" + id).with(TestData.as(adminUser)))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.run.status")
                .isEqualTo("CANCELLED");
    }

    /** The run of {@code uri} as JSON once its units are in flight. */
    JsonNode awaitInFlight(String uri) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            JsonNode run = json.readTree(mvc.get()
                            .uri(uri)
                            .with(TestData.as(adminUser))
                            .exchange()
                            .getResponse()
                            .getContentAsString())
                    .path("run");
            if (run.path("inFlight").asInt() == 2 || Instant.now().isAfter(deadline)) {
                return run;
            }
            Thread.sleep(50);
        }
    }

    static MachineJudgment one(List<MachineJudgment> judgments, long item, String order) {
        return judgments.stream()
                .filter(j -> j.itemId() == item && j.order().equals(order))
                .reduce((a, b) -> {
                    throw new AssertionError("two " + order + " judgments of item " + item);
                })
                .orElseThrow();
    }
}
