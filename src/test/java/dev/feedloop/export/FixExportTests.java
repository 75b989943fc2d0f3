package dev.feedloop.export;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.Projects;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fixed production failures in the exports: each approved fix adds a preference pair (the fix over
 * the bad reply) and two KTO labels after people's lines, with the same keys as people's lines;
 * the regression set lists their prompts; unapproved fixes add nothing.
 */
@IntegrationTest
class FixExportTests {

    static final String LATER = "2025-06-01T00:00:00Z";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    @Autowired
    DatasetExporter exporter;

    @Autowired
    Projects projects;

    @Autowired
    MockMvcTester mvc;

    TestData.TestProject project;
    AccountPrincipal admin;
    long reviewer;
    long approvedFix;
    long badReply;

    /**
     * Item q1 is ranked a > b by two people. Failure t-1 (item fb-t-1) has an approved fix, failure
     * t-2 a fix still pending, failure t-3 a rejected one.
     */
    @BeforeEach
    void scenario() {
        project = data.project().slug("fix-export").create();
        admin = TestData.principal(data.admin());
        reviewer = data.user().id();
        long q1 = data.storedItem(project.id(), "q1", List.of(message("user", "Prompt q1")));
        data.candidate(q1, "a", "m-a", "Answer a");
        data.candidate(q1, "b", "m-b", "Answer b");
        for (int i = 0; i < 2; i++) {
            data.ranking(q1, data.user().id()).tiers(List.of("a"), List.of("b")).insert();
        }
        long writer = data.user().id();
        approvedFix = failure("t-1", writer, "APPROVED");
        badReply = jdbc.sql(
                        "SELECT c.id FROM candidate c JOIN item i ON i.id = c.item_id WHERE i.external_id = 'fb-t-1'")
                .query(Long.class)
                .single();
        failure("t-2", writer, null);
        failure("t-3", writer, "REJECTED");
    }

    /** A failure as intake stores it, fixed by {@code writer}; reviewed with {@code decision} unless null. */
    long failure(String traceId, long writer, String decision) {
        long item = data.storedItem(
                project.id(),
                "fb-" + traceId,
                List.of(message("system", "Be kind."), message("user", "Где мой заказ " + traceId + "?")));
        jdbc.sql("UPDATE item SET metadata = jsonb_build_object('traceId', ?::text, 'model', 'bot-v1') WHERE id = ?")
                .params(traceId, item)
                .update();
        long bad = data.candidate(item, "bad-reply", "bot-v1", "Не знаю.");
        jdbc.sql("UPDATE candidate SET metadata = '{\"badReply\": true}' WHERE id = ?")
                .param(bad)
                .update();
        long fix = data.demonstration(item, writer, "Ваш заказ " + traceId + " в пути.")
                .insert();
        if (decision != null) {
            data.review(fix, reviewer, decision, Instant.parse("2025-03-01T00:00:00Z"));
        }
        return fix;
    }

    @Test
    void anApprovedFixAddsThePairOfTheFixOverTheBadReplyAfterPeoplesPairs() {
        List<JsonNode> lines = lines(ExportKind.PREFERENCES, "trl", "raw", null);

        assertThat(lines).hasSize(3);
        assertThat(lines.subList(0, 2))
                .allSatisfy(line -> assertThat(line.get("id").asString()).startsWith("pair-"));
        JsonNode fix = lines.get(2);
        assertThat(fix.get("id").asString()).isEqualTo("fix-pair-" + approvedFix + "-" + approvedFix + "-" + badReply);
        assertThat(fix.get("prompt").toString())
                .isEqualTo(
                        "[{\"role\":\"system\",\"content\":\"Be kind.\"},{\"role\":\"user\",\"content\":\"Где мой заказ t-1?\"}]");
        assertThat(fix.get("chosen").toString())
                .isEqualTo("[{\"role\":\"assistant\",\"content\":\"Ваш заказ t-1 в пути.\"}]");
        assertThat(fix.get("rejected").toString()).isEqualTo("[{\"role\":\"assistant\",\"content\":\"Не знаю.\"}]");
        assertThat(fix.get("margin").asDouble()).isZero();
        JsonNode metadata = fix.get("metadata");
        assertThat(metadata.get("external_id").asString()).isEqualTo("fb-t-1");
        assertThat(metadata.get("chosen_id").asString()).isEqualTo("fix-" + approvedFix);
        assertThat(metadata.get("rejected_id").asString()).isEqualTo("bad-reply");
        assertThat(metadata.get("judgment_ids").get(0).asLong()).isEqualTo(approvedFix);
        assertThat(metadata.get("annotators").get(0).asString()).matches("a-[0-9a-f]{16}");
        assertThat(keys(fix)).isEqualTo(keys(lines.get(0)));
    }

    @Test
    void fixLinesHaveTheKeysOfPeoplesLinesInEveryPairAndKtoVariant() {
        for (String format : List.of("trl", "openai-dpo", "llama-factory", "kto", "llama-factory-kto")) {
            for (String aggregation : List.of("raw", "majority")) {
                for (String judges : Arrays.asList(null, "include")) {
                    List<JsonNode> lines = lines(ExportKind.PREFERENCES, format, aggregation, judges);
                    var schema = new LineSchema(Set.of());
                    lines.forEach(line -> schema.accept(line, line.toString().length() + 1));
                    assertThat(schema.problems())
                            .as(format + " " + aggregation + " judges=" + judges)
                            .isEmpty();
                    assertThat(lines.stream()
                                    .filter(l -> l.get("id").asString().startsWith("fix-"))
                                    .count())
                            .as(format + " " + aggregation)
                            .isEqualTo(format.contains("kto") ? 2 : 1);
                }
            }
        }
    }

    @Test
    void ktoLabelsTheFixDesirableAndTheBadReplyNot() {
        List<JsonNode> fixes = lines(ExportKind.PREFERENCES, "kto", "raw", null).stream()
                .filter(l -> l.get("id").asString().startsWith("fix-kto-"))
                .toList();

        assertThat(fixes).extracting(l -> l.get("label").asBoolean()).containsExactly(true, false);
        assertThat(fixes)
                .extracting(l -> l.get("completion").get(0).get("content").asString())
                .containsExactly("Ваш заказ t-1 в пути.", "Не знаю.");
        assertThat(fixes)
                .extracting(l -> l.get("metadata").get("source").asString())
                .containsOnly("fix");
    }

    @Test
    void theRegressionSetListsThePromptsOfFixedFailures() {
        List<JsonNode> lines = lines(ExportKind.REGRESSION, "regression", null, null);

        assertThat(lines).hasSize(1);
        JsonNode line = lines.getFirst();
        assertThat(line.get("messages").toString())
                .isEqualTo(
                        "[{\"role\":\"system\",\"content\":\"Be kind.\"},{\"role\":\"user\",\"content\":\"Где мой заказ t-1?\"}]");
        JsonNode metadata = line.get("metadata");
        assertThat(metadata.get("external_id").asString()).isEqualTo("fb-t-1");
        assertThat(metadata.get("trace_id").asString()).isEqualTo("t-1");
        assertThat(metadata.get("model").asString()).isEqualTo("bot-v1");
        assertThat(metadata.get("bad_reply").asString()).isEqualTo("Не знаю.");
        assertThat(metadata.get("judgment_ids").get(0).asLong()).isEqualTo(approvedFix);
    }

    @Test
    void theSftExportHasTheApprovedFixAsADemonstration() {
        List<JsonNode> lines = lines(ExportKind.SFT, "messages", null, null);

        assertThat(lines)
                .extracting(l -> l.get("metadata").get("external_id").asString())
                .containsExactly("fb-t-1");
        assertThat(lines.getFirst().get("messages").get(2).get("content").asString())
                .isEqualTo("Ваш заказ t-1 в пути.");
    }

    @Test
    void theRegressionSetDownloadsOverRestAndItsPreviewCounts() throws Exception {
        var response = mvc.get()
                .uri("/api/v1/projects/fix-export/exports/regression")
                .with(TestData.as(data.admin()))
                .exchange();
        assertThat(response).hasStatusOk();
        // streamed: the body arrives through an async dispatch
        var body = mvc.get()
                .uri("/projects/fix-export/export/preview?format=regression&testRatio=0")
                .header("HX-Request", "true")
                .with(TestData.as(data.admin()))
                .exchange();
        assertThat(body).hasStatusOk();
        assertThat(body.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("regression-");
    }

    @Test
    void theRegressionSetCanBeFrozenAsASnapshot() throws Exception {
        var response = mvc.post()
                .uri("/api/v1/projects/fix-export/snapshots?kind=regression&testRatio=0&wait=30")
                .with(TestData.as(data.admin()))
                .exchange();
        assertThat(response).hasStatus(201);
        JsonNode manifest = json.readTree(response.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(manifest.get("kind").asString()).isEqualToIgnoringCase("regression");
        long snapshot = manifest.get("id").asLong();
        assertThat(jdbc.sql("SELECT kind FROM snapshot WHERE id = ?")
                        .param(snapshot)
                        .query(String.class)
                        .single())
                .isEqualTo("REGRESSION");
        var file = mvc.get()
                .uri("/api/v1/snapshots/" + snapshot + "/files/train.jsonl")
                .with(TestData.as(data.admin()))
                .exchange();
        assertThat(file).hasStatusOk();
        assertThat(file.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("\"id\": \"regression-")
                .contains("\"trace_id\": \"t-1\"");
    }

    Set<String> keys(JsonNode line) {
        var keys = new java.util.TreeSet<String>();
        line.propertyNames().forEach(keys::add);
        line.get("metadata").propertyNames().forEach(k -> keys.add("metadata." + k));
        return keys;
    }

    List<JsonNode> lines(ExportKind kind, String format, String aggregation, String judges) {
        var parameters = new ExportParameters(
                format, null, aggregation, null, "0", null, null, null, LATER, null, judges, null, null);
        var export = exporter.prepare(projects.get(project.id()), exporter.request(kind, parameters));
        var out = new ByteArrayOutputStream();
        try {
            exporter.stream(export, out, false);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty()
                ? List.of()
                : Arrays.stream(text.split("\n")).map(json::readTree).toList();
    }
}
