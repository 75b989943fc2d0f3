package dev.feedloop.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Posting feedback one at a time and in batches: what is stored, what becomes a fix task, limits. */
@IntegrationTest
class FeedbackIntakeTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestData data;

    @Autowired
    IntakeTokens intakeTokens;

    @Autowired
    FeedbackSettings settings;

    @Autowired
    ApiTokens apiTokens;

    @LocalServerPort
    int port;

    UserView admin;
    TestProject project;
    String token;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        project = data.project().demonstrations(0).rankings(1).create();
        token = intakeTokens
                .create(project.slug(), "production", TestData.principal(admin))
                .token();
    }

    static String feedback(String traceId, Object rating) {
        String value = rating instanceof String s ? "\"" + s + "\"" : String.valueOf(rating);
        return """
                {"traceId": "%s", "model": "gpt-prod", "rating": %s, "comment": "wrong year",
                 "tags": ["dates", "history"], "metadata": {"userId": "u-7"},
                 "messages": [{"role": "system", "content": "Be brief."},
                              {"role": "user", "content": "When did the Berlin wall fall?"},
                              {"role": "assistant", "content": "In 1991."}]}
                """.formatted(traceId, value).replace("\n", " ");
    }

    MvcTestResult post(String body) {
        return post("", body);
    }

    MvcTestResult post(String query, String body) {
        return mvc.post()
                .uri("/api/v1/projects/" + project.slug() + "/feedback" + query)
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .exchange();
    }

    MvcTestResult batch(String lines) {
        return mvc.post()
                .uri("/api/v1/projects/" + project.slug() + "/feedback/batch")
                .header("Authorization", "Bearer " + token)
                .contentType("application/x-ndjson")
                .content(lines)
                .exchange();
    }

    JsonNode body(MvcTestResult result) {
        return json.readTree(result.getResponse().getContentAsByteArray());
    }

    List<String> strings(String sql) {
        return jdbc.sql(sql).param(project.id()).query(String.class).list();
    }

    long count(String sql) {
        return jdbc.sql(sql).param(project.id()).query(Long.class).single();
    }

    @Test
    void aThumbsDownBecomesAFixTaskWithTheConversationBeforeTheBadReply() {
        MvcTestResult result = post(feedback("t-1", "down"));

        assertThat(result).hasStatus(HttpStatus.CREATED);
        JsonNode answer = body(result);
        assertThat(answer.get("status").asString()).isEqualTo("accepted");
        assertThat(answer.get("task").asBoolean()).isTrue();
        assertThat(answer.get("itemExternalId").asString()).isEqualTo("fb-t-1");
        Map<String, Object> item = jdbc.sql("""
                        SELECT id, messages::text AS messages, metadata::text AS metadata
                        FROM item WHERE project_id = ? AND external_id = 'fb-t-1'
                        """).param(project.id()).query().singleRow();
        JsonNode messages = json.readTree((String) item.get("messages"));
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).get("content").asString()).isEqualTo("When did the Berlin wall fall?");
        JsonNode metadata = json.readTree((String) item.get("metadata"));
        assertThat(metadata.get("traceId").asString()).isEqualTo("t-1");
        assertThat(metadata.get("model").asString()).isEqualTo("gpt-prod");
        assertThat(metadata.get("rating").asString()).isEqualTo("down");
        assertThat(metadata.get("tags").toString()).isEqualTo("[\"dates\",\"history\"]");
        long itemId = ((Number) item.get("id")).longValue();
        Map<String, Object> candidate = jdbc.sql(
                        "SELECT external_id, model, content, metadata::text AS metadata FROM candidate WHERE item_id = ?")
                .param(itemId)
                .query()
                .singleRow();
        assertThat(candidate)
                .containsEntry("external_id", "bad-reply")
                .containsEntry("model", "gpt-prod")
                .containsEntry("content", "In 1991.");
        assertThat(json.readTree((String) candidate.get("metadata"))
                        .get("badReply")
                        .asBoolean())
                .isTrue();
        // the project asks for no demonstrations, the fix task still has its write slot (and no rank slot)
        assertThat(jdbc.sql("SELECT kind FROM task WHERE item_id = ?")
                        .param(itemId)
                        .query(String.class)
                        .list())
                .containsExactly("WRITE");
    }

    @Test
    void aProjectThatAsksForDemonstrationsGivesTheFixTaskOneWriteSlot() {
        project = data.project().demonstrations(1).rankings(0).create();
        token = intakeTokens
                .create(project.slug(), "production", TestData.principal(admin))
                .token();

        assertThat(post(feedback("t-1", 2))).hasStatus(HttpStatus.CREATED);

        assertThat(count("SELECT count(*) FROM task WHERE project_id = ? AND kind = 'WRITE'"))
                .isEqualTo(1);
    }

    @Test
    void goodFeedbackIsStoredWithoutATaskUnlessAskedFor() {
        assertThat(body(post(feedback("up", "up"))).get("task").asBoolean()).isFalse();
        assertThat(body(post(feedback("four", 4))).get("task").asBoolean()).isFalse();
        assertThat(body(post(feedback("three", 3.5))).get("task").asBoolean()).isTrue();
        assertThat(body(post("?task=always", feedback("asked", "up")))
                        .get("task")
                        .asBoolean())
                .isTrue();

        settings.update(
                project.slug(),
                new FeedbackSettings.Options(new java.math.BigDecimal("4.5"), false),
                TestData.principal(admin));
        assertThat(body(post(feedback("four-now", 4))).get("task").asBoolean()).isTrue();
        settings.update(
                project.slug(),
                new FeedbackSettings.Options(new java.math.BigDecimal("4.5"), true),
                TestData.principal(admin));
        assertThat(body(post(feedback("up-always", "up"))).get("task").asBoolean())
                .isTrue();

        assertThat(count("SELECT count(*) FROM feedback WHERE project_id = ?")).isEqualTo(6);
        assertThat(count("SELECT count(*) FROM feedback WHERE project_id = ? AND item_id IS NULL"))
                .isEqualTo(2);
        assertThat(post("?task=sometimes", feedback("bad-option", "up"))).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void repostingATraceIdAnswersTheSameResultAndStoresNothingNew() {
        JsonNode first = body(post(feedback("t-1", "down")));

        MvcTestResult again = post(feedback("t-1", "up"));

        assertThat(again).hasStatus(HttpStatus.OK);
        JsonNode second = body(again);
        assertThat(second.get("status").asString()).isEqualTo("duplicate");
        assertThat(second.get("id").asLong()).isEqualTo(first.get("id").asLong());
        assertThat(second.get("task").asBoolean()).isTrue();
        assertThat(second.get("itemExternalId").asString()).isEqualTo("fb-t-1");
        assertThat(count("SELECT count(*) FROM feedback WHERE project_id = ?")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM item WHERE project_id = ?")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM task WHERE project_id = ?")).isEqualTo(1);
    }

    @Test
    void concurrentPostsOfOneTraceIdStoreItOnce() throws Exception {
        int clients = 8;
        HttpClient http = HttpClient.newHttpClient();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int i = 0; i < clients; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return http.send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/projects/"
                                            + project.slug() + "/feedback"))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(feedback("same", "down")))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                statuses.add(response.statusCode());
                ids.add(json.readTree(response.body()).get("id").asLong());
            }
            assertThat(statuses).containsOnly(201, 200).containsOnlyOnce(201);
            assertThat(ids).containsOnly(ids.getFirst());
        }
        assertThat(count("SELECT count(*) FROM feedback WHERE project_id = ?")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM item WHERE project_id = ?")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM task WHERE project_id = ?")).isEqualTo(1);
    }

    @Test
    void invalidFeedbackIsRefusedWithEachFieldAtFaultAndNothingIsStored() {
        MvcTestResult result = post("""
                {"model": 7, "rating": 9, "tags": ["ok", 3],
                 "messages": [{"role": "user", "content": "Hi"}, {"role": "user", "content": "Still there?"}]}
                """);

        assertThat(result)
                .hasStatus(HttpStatus.UNPROCESSABLE_CONTENT)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        List<String> fields = new ArrayList<>();
        body(result).get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("traceId", "model", "rating", "tags[1]", "messages");
        assertThat(post("[1, 2]")).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(post("{\"traceId\": ")).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(count("SELECT count(*) FROM feedback WHERE project_id = ?")).isZero();
    }

    @Test
    void aBodyOverTheLimitIs413AndTooManyMessagesAre422() {
        String huge = feedback("big", "down").replace("In 1991.", "x".repeat(1_100_000));
        assertThat(post(huge))
                .hasStatus(HttpStatus.CONTENT_TOO_LARGE)
                .bodyJson()
                .extractingPath("$.code")
                .isEqualTo("too-large");

        StringBuilder messages = new StringBuilder();
        for (int i = 0; i < 201; i++) {
            messages.append("{\"role\": \"user\", \"content\": \"q").append(i).append("\"},");
        }
        String many = "{\"traceId\": \"many\", \"rating\": \"down\", \"messages\": [" + messages
                + "{\"role\": \"assistant\", \"content\": \"a\"}]}";
        assertThat(post(many))
                .hasStatus(HttpStatus.UNPROCESSABLE_CONTENT)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("messages");
        assertThat(count("SELECT count(*) FROM feedback WHERE project_id = ?")).isZero();
    }

    @Test
    void aBatchAnswersEachLineAndStoresOnlyTheGoodOnes() {
        String lines = String.join(
                "\n",
                feedback("b-1", "down"),
                "{not json",
                feedback("b-3", "down").replace("\"rating\": \"down\",", ""),
                "",
                feedback("b-1", "down"),
                feedback("b-6", "up"),
                // text PostgreSQL cannot store is refused before anything is written
                feedback("b-7", "down").replace("wrong year", "wrong \\u0000 year"),
                feedback("b-8", 1));

        MvcTestResult result = batch(lines + "\n");

        assertThat(result).hasStatusOk();
        JsonNode answer = body(result);
        assertThat(answer.get("accepted").asInt()).isEqualTo(3);
        assertThat(answer.get("duplicates").asInt()).isEqualTo(1);
        assertThat(answer.get("errors").asInt()).isEqualTo(3);
        List<String> summary = new ArrayList<>();
        answer.get("results")
                .forEach(line -> summary.add(
                        line.get("line").asInt() + " " + line.get("status").asString()));
        assertThat(summary)
                .containsExactly(
                        "1 accepted", "2 error", "3 error", "5 duplicate", "6 accepted", "7 error", "8 accepted");
        assertThat(answer.get("results")
                        .get(2)
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("rating");
        assertThat(answer.get("results")
                        .get(1)
                        .get("errors")
                        .get(0)
                        .get("message")
                        .asString())
                .isEqualTo("not valid JSON");
        assertThat(strings("SELECT trace_id FROM feedback WHERE project_id = ? ORDER BY id"))
                .containsExactly("b-1", "b-6", "b-8");
        assertThat(strings("SELECT external_id FROM item WHERE project_id = ? ORDER BY id"))
                .containsExactly("fb-b-1", "fb-b-8");
    }

    @Test
    void aLineTheDatabaseRefusesHalfwayLeavesNothingAndTheBatchGoesOn() {
        // a candidate the database refuses: the line's feedback and item rows are written before it
        jdbc.sql("ALTER TABLE candidate ADD CONSTRAINT test_refuses_boom CHECK (content <> 'boom')")
                .update();
        try {
            MvcTestResult result = batch(String.join(
                    "\n",
                    feedback("ok-1", "down"),
                    feedback("boom", "down").replace("In 1991.", "boom"),
                    feedback("ok-3", "down")));

            assertThat(result).hasStatusOk();
            JsonNode answer = body(result);
            assertThat(answer.get("accepted").asInt()).isEqualTo(2);
            assertThat(answer.get("results").get(1).get("status").asString()).isEqualTo("error");
            assertThat(answer.get("results")
                            .get(1)
                            .get("errors")
                            .get(0)
                            .get("message")
                            .asString())
                    .isEqualTo("could not be stored; send it again");
        } finally {
            jdbc.sql("ALTER TABLE candidate DROP CONSTRAINT test_refuses_boom").update();
        }
        assertThat(strings("SELECT trace_id FROM feedback WHERE project_id = ? ORDER BY id"))
                .containsExactly("ok-1", "ok-3");
        assertThat(strings("SELECT external_id FROM item WHERE project_id = ? ORDER BY id"))
                .containsExactly("fb-ok-1", "fb-ok-3");
        assertThat(count("SELECT count(*) FROM task WHERE project_id = ?")).isEqualTo(2);
    }

    @Test
    void textThatCannotBeStoredIsRefusedByField() {
        MvcTestResult result = post(feedback("t-1", "down")
                .replace("\"userId\": \"u-7\"", "\"userId\": {\"name\": \"a\\u0000b\"}")
                .replace("When did", "\\ud800 When did"));

        assertThat(result).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        List<String> fields = new ArrayList<>();
        body(result).get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields).containsExactlyInAnyOrder("messages[1].content", "metadata.userId.name");
        assertThat(count("SELECT count(*) FROM feedback WHERE project_id = ?")).isZero();
    }

    @Test
    void aTokenOverItsRateGets429WithRetryAfter() {
        String lines = "{}\n".repeat(1000);
        assertThat(batch(lines)).hasStatusOk();

        MvcTestResult limited = batch(lines);

        assertThat(limited).hasStatus(HttpStatus.TOO_MANY_REQUESTS).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(Integer.parseInt(limited.getResponse().getHeader("Retry-After")))
                .isBetween(1, 11);
        assertThat(body(limited).get("code").asString()).isEqualTo("rate-limited");
        assertThat(batch("{}\n".repeat(1001)))
                .hasStatus(HttpStatus.CONTENT_TOO_LARGE)
                .bodyJson()
                .extractingPath("$.code")
                .isEqualTo("too-many-lines");
    }
}
