package dev.feedloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which format a file is read in (detected from its first record, or named with {@code ?format=}),
 * the refusals that say what a file resembles, and what becomes of the judgments a file holds:
 * left out, prior judgments shown with the item, or gold answers.
 */
@IntegrationTest
class ImportDetectionTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    MessageSource messages;

    UserView admin;
    ProjectSettings project;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        project = data.project().createAsAdmin();
    }

    MvcTestResult post(String query, byte[] body) {
        return mvc.post()
                .uri("/api/v1/projects/" + project.slug() + "/items" + query)
                .param("wait", "60")
                .with(TestData.as(admin))
                .contentType("application/x-ndjson")
                .content(body)
                .exchange();
    }

    ImportResult imported(String query, byte[] body) {
        MvcTestResult response = post(query, body);
        assertThat(response).hasStatusOk();
        return json.readValue(response.getResponse().getContentAsByteArray(), ImportResult.class);
    }

    /** The errors of a refused file, each worded in both bundles as its message says; nothing was written. */
    List<ImportError> refused(String query, String body) {
        MvcTestResult response = post(query, body.getBytes(StandardCharsets.UTF_8));
        assertThat(response).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(count("item")).isZero();
        List<ImportError> errors = json.readTree(response.getResponse().getContentAsByteArray())
                .get("errors")
                .valueStream()
                .map(e -> json.treeToValue(e, ImportError.class))
                .toList();
        errors.forEach(e -> ImportValidationTests.assertWorded(messages, e));
        return errors;
    }

    long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    static byte[] sample(String name) throws IOException {
        return ImportSamplesTests.sample(name);
    }

    static String lines(String line, int count) {
        return (line + "\n").repeat(count);
    }

    @Test
    void formatNamesParseInEitherSpellingAndAnUnknownOneIsA400() {
        assertThat(ImportFormat.parse("hh-rlhf")).isEqualTo(ImportFormat.HH_RLHF);
        assertThat(ImportFormat.parse("HH_RLHF")).isEqualTo(ImportFormat.HH_RLHF);
        assertThat(ImportFormat.parse("ultrafeedback-binarized")).isEqualTo(ImportFormat.ULTRAFEEDBACK_BINARIZED);
        assertThat(ImportFormat.parse("openai-dpo")).isEqualTo(ImportFormat.OPENAI_DPO);
        assertThat(ImportFormat.parse("feedloop-export")).isEqualTo(ImportFormat.FEEDLOOP_EXPORT);
        assertThat(ImportFormat.parse("alpaca-eval")).isEqualTo(ImportFormat.ALPACA);
        assertThat(ImportFormat.detect("auto", "alpaca_eval.json", "application/json"))
                .isEqualTo(ImportFormat.JSONL);
        assertThatThrownBy(() -> ImportFormat.parse("parquet"))
                .isInstanceOfSatisfying(
                        Refusal.class, r -> assertThat(r.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST));
        assertThat(post("?format=parquet", "{}".getBytes(StandardCharsets.UTF_8)))
                .hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(post("?priors=maybe", "{}".getBytes(StandardCharsets.UTF_8))).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void theFirstRecordDecidesTheFormatAndTheImportRemembersIt() throws IOException {
        ImportResult result = imported("", sample("ultrafeedback-binarized.jsonl"));

        assertThat(result.format()).isEqualTo(ImportFormat.ULTRAFEEDBACK_BINARIZED);
        JsonNode history = json.readTree(mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/imports/" + result.importId())
                .with(TestData.as(admin))
                .exchange()
                .getResponse()
                .getContentAsByteArray());
        assertThat(history.get("format").asString()).isEqualTo("ULTRAFEEDBACK_BINARIZED");
        assertThat(imported("", sample("hh-rlhf.jsonl")).format()).isEqualTo(ImportFormat.HH_RLHF);
        assertThat(imported("", "{\"id\":\"q\",\"prompt\":\"Hi\"}\n".getBytes(StandardCharsets.UTF_8))
                        .format())
                .isEqualTo(ImportFormat.JSONL);
    }

    @Test
    void aNamedFormatOverridesDetection() throws IOException {
        ImportResult asTrl = imported("?format=trl", sample("hh-rlhf.jsonl"));

        assertThat(asTrl.format()).isEqualTo(ImportFormat.TRL);
        // TRL's implicit prompt of two texts is their common start: the whole transcript up to the answer.
        String prompt = jdbc.sql("SELECT messages -> 0 ->> 'content' FROM item ORDER BY id LIMIT 1")
                .query(String.class)
                .single();
        assertThat(prompt).isEqualTo("Human: What is a good way to keep cut flowers fresh?\n\nAssistant:");
        assertThat(count("item")).isEqualTo(4);
    }

    @Test
    void aFileInAnotherFormatThanTheNamedOneIsRefusedOnItsFirstRecordOnly() throws IOException {
        List<ImportError> errors =
                refused("?format=alpaca", new String(sample("hh-rlhf.jsonl"), StandardCharsets.UTF_8));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.field()).isNull();
            assertThat(e.message())
                    .isEqualTo("is HH-RLHF, not Alpaca: import the file without ?format=, or with ?format=hh-rlhf");
            assertThat(e.code()).isEqualTo("ingest.problem.namedFormatMismatch");
        });
        List<ImportError> asShareGpt =
                refused("?format=sharegpt", new String(sample("alpaca-eval.json"), StandardCharsets.UTF_8));
        assertThat(asShareGpt).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.args()).containsExactly("Alpaca", "ShareGPT", "alpaca");
        });
        List<ImportError> unknown = refused("?format=alpaca", lines("{\"question\":\"2+2?\"}", 100));
        assertThat(unknown).singleElement().satisfies(e -> {
            assertThat(e.field()).isEqualTo("instruction");
            assertThat(e.message()).isEqualTo("is required (the file is read as Alpaca)");
            assertThat(e.code()).isEqualTo("ingest.problem.requiredIn");
        });
    }

    @Test
    void recordsThatResembleAFormatGiveOneSummaryInsteadOfAnErrorOnEveryLine() {
        List<ImportError> errors =
                refused("", lines("{\"output\":\"Paris.\",\"generator\":\"gpt-4\",\"dataset\":\"x\"}", 100));

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.field()).isNull();
            assertThat(e.message()).isEqualTo("looks like Alpaca but line 1 has no instruction");
            assertThat(e.code()).isEqualTo("ingest.problem.resembles");
            assertThat(e.args()).containsExactly("Alpaca", 1, "instruction");
        });
    }

    @Test
    void aJsonArrayInNoKnownFormatGivesOneSummary() {
        String element = "{\"question\":\"What is 2+2?\",\"answer\":\"4\"}";
        List<ImportError> errors = refused("", "[" + (element + ",").repeat(99) + element + "]");

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("ingest.problem.unknownFormat");
            assertThat(e.message()).startsWith("is in no format Feedloop reads (its fields: question, answer)");
        });
    }

    @Test
    void aLaterRecordMissingAFieldOfTheDetectedFormatIsRefusedOnItsLine() {
        List<ImportError> errors = refused("", """
                {"instruction":"Say hi.","output":"Hi!"}
                {"instruction":"Say bye.","output":"Bye!"}
                {"input":"x","output":"Hello"}
                {"instruction":"Count to 3.","output":"1 2 3"}
                """);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.field()).isEqualTo("instruction");
            assertThat(e.message()).isEqualTo("is required (the file is read as Alpaca)");
        });
    }

    @Test
    void inAFeedloopFileALineThatResemblesAnotherFormatSaysSo() {
        List<ImportError> errors = refused("", """
                {"id":"q-1","prompt":"Hi"}
                {"chosen":"Hello there."}
                {"id":"q-3","prompt":"Bye"}
                """);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.message()).isEqualTo("looks like HH-RLHF but line 2 has no rejected");
        });
    }

    @Test
    void aRecordOfAnotherFormatInAFeedloopFileIsRefusedOnItsLine() {
        List<ImportError> errors = refused("", """
                {"id":"q-1","prompt":"Hi"}
                {"instruction":"Say hi.","output":"Hi!"}
                """);

        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.code()).isEqualTo("ingest.problem.otherFormat");
            assertThat(e.args()).containsExactly("Alpaca");
        });
    }

    @Test
    void datasetProblemsNameTheirFields() {
        List<ImportError> errors = refused("?format=trl", """
                {"chosen":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}],"rejected":[{"role":"user","content":"other"},{"role":"assistant","content":"c"}]}
                {"prompt":"q","chosen":[{"role":"user","content":"b"}],"rejected":"c"}
                {"chosen":"Same text.","rejected":"Different text."}
                {"chosen":[{"role":"user","content":"a"}],"rejected":[{"role":"user","content":"a"}]}
                {"prompt":[{"role":"user","content":[{"type":"image_url","image_url":"x"}]}],"chosen":"b","rejected":"c"}
                """);

        assertThat(errors)
                .extracting(ImportError::line, ImportError::code)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "ingest.problem.promptsDiffer"),
                        org.assertj.core.groups.Tuple.tuple(2L, "ingest.problem.answerNotAssistant"),
                        org.assertj.core.groups.Tuple.tuple(3L, "ingest.problem.noSharedPrompt"),
                        org.assertj.core.groups.Tuple.tuple(4L, "ingest.problem.noAnswer"),
                        org.assertj.core.groups.Tuple.tuple(4L, "ingest.problem.noAnswer"),
                        org.assertj.core.groups.Tuple.tuple(5L, "ingest.problem.textParts"));
        List<ImportError> transcripts = refused("?format=hh-rlhf", """
                {"chosen":"no speakers here","rejected":"\\n\\nHuman: a\\n\\nAssistant: b"}
                {"chosen":"\\n\\nHuman: a\\n\\nAssistant:","rejected":"\\n\\nHuman: a\\n\\nAssistant: b"}
                """);
        assertThat(transcripts)
                .extracting(ImportError::line, ImportError::code)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "ingest.problem.transcript"),
                        org.assertj.core.groups.Tuple.tuple(2L, "ingest.problem.emptyTurn"));
    }

    @Test
    void theSamePromptFurtherOnInTheFileAddsItsAnswersToTheSameItem() {
        String pair =
                "{\"chosen\":\"\\n\\nHuman: %s\\n\\nAssistant: %s\",\"rejected\":\"\\n\\nHuman: %s\\n\\nAssistant: %s\"}\n";
        String file = pair.formatted("Hi?", "Hello!", "Hi?", "Go away.")
                + pair.formatted("Bye?", "Goodbye!", "Bye?", "Whatever.")
                + pair.formatted("Hi?", "Hello!", "Hi?", "Hm.");

        ImportResult result = imported("?priors=import", file.getBytes(StandardCharsets.UTF_8));

        assertThat(result.itemsCreated()).isEqualTo(2);
        assertThat(result.itemsExtended()).isEqualTo(1);
        assertThat(result.candidatesAdded()).isEqualTo(5);
        assertThat(result.priorJudgmentsAdded()).isEqualTo(3);
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM candidate c JOIN item i ON i.id = c.item_id
                        WHERE i.messages -> 0 ->> 'content' = 'Hi?'""").query(Long.class).single()).isEqualTo(3);
        ImportResult again = imported("?priors=import", file.getBytes(StandardCharsets.UTF_8));
        assertThat(again.candidatesAdded() + again.itemsCreated() + again.priorJudgmentsAdded())
                .isZero();
    }

    @Test
    void judgmentsInTheFileAreLeftOutUnlessAsked() throws IOException {
        ImportResult result = imported("", sample("hh-rlhf.jsonl"));

        assertThat(result.priorJudgmentsAdded()).isZero();
        assertThat(count("prior_judgment")).isZero();
        assertThat(count("item_gold")).isZero();
    }

    @Test
    void priorJudgmentsAreShownOverRestAndOnTheItemPageButAreNoRankings() throws IOException {
        ImportResult result = imported("?priors=import", sample("feedloop-trl.jsonl"));

        MvcTestResult rest = mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/items/q-17/prior-judgments")
                .with(TestData.as(admin))
                .exchange();
        assertThat(rest).hasStatusOk();
        JsonNode priors = json.readTree(rest.getResponse().getContentAsByteArray());
        assertThat(priors).hasSize(3);
        assertThat(priors.get(0).get("kind").asString()).isEqualTo("preference");
        assertThat(priors.get(0).get("judgment").get("chosen").asString()).isEqualTo("a");
        assertThat(priors.get(0).get("judgment").get("rejected").asString()).isEqualTo("c");
        assertThat(priors.get(0).get("sourceFormat").asString()).isEqualTo("feedloop-export");
        assertThat(priors.get(0).get("importId").asLong()).isEqualTo(result.importId());
        assertThat(count("ranking")).isZero();

        Document page = Jsoup.parse(new String(
                mvc.get()
                        .uri("/projects/" + project.slug() + "/items/q-17")
                        .with(TestData.as(admin))
                        .exchange()
                        .getResponse()
                        .getContentAsByteArray(),
                StandardCharsets.UTF_8));
        assertThat(page.select("table[data-prior-judgments] tbody tr"))
                .extracting(row -> row.select("td").get(1).text())
                .containsExactly("a > c", "a > b", "c > b");
        assertThat(page.select("table[data-prior-judgments] a").first().attr("href"))
                .isEqualTo("/projects/" + project.slug() + "/imports/" + result.importId());

        UserView outsider = data.user("outsider-" + UUID.randomUUID().toString().substring(0, 8), false);
        assertThat(mvc.get()
                        .uri("/api/v1/projects/" + project.slug() + "/items/q-17/prior-judgments")
                        .with(TestData.as(outsider))
                        .exchange())
                .hasStatus4xxClientError();
        assertThat(mvc.get()
                        .uri("/api/v1/projects/" + project.slug() + "/items/no-such/prior-judgments")
                        .with(TestData.as(admin))
                        .exchange())
                .hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void priorsAsGoldRankTheCandidatesByTheFilesJudgments() throws IOException {
        ImportResult result = imported("?priors=gold", sample("feedloop-rankings.jsonl"));

        assertThat(result.priorJudgmentsAdded()).isZero();
        assertThat(count("prior_judgment")).isZero();
        assertThat(count("item_gold")).isEqualTo(3);
        JsonNode gold = json.readTree(mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/items/q-17/gold")
                .with(TestData.as(admin))
                .exchange()
                .getResponse()
                .getContentAsByteArray());
        assertThat(gold.get("tiers").toString()).isEqualTo("[[\"a\"],[\"c\"],[\"b\"]]");
        assertThat(gold.get("best").asString()).isEqualTo("a");

        ImportResult preferences = imported("?priors=gold", sample("hh-rlhf.jsonl"));
        assertThat(preferences.itemsCreated()).isEqualTo(4);
        assertThat(count("item_gold")).isEqualTo(7);
    }

    @Test
    void theImportPageOffersTheFormatsAndPriorsAndSaysWhichFormatItRead() throws IOException {
        Document form = Jsoup.parse(new String(
                mvc.get()
                        .uri("/projects/" + project.slug() + "/import")
                        .with(TestData.as(admin))
                        .exchange()
                        .getResponse()
                        .getContentAsByteArray(),
                StandardCharsets.UTF_8));
        assertThat(form.select("select#format option").eachAttr("value"))
                .contains("auto", "alpaca", "hh-rlhf", "ultrafeedback-binarized", "feedloop-export");
        assertThat(form.select("select#priors option").eachAttr("value")).containsExactly("ignore", "import", "gold");

        MvcTestResult uploaded = mvc.post()
                .uri("/projects/" + project.slug() + "/import")
                .multipart()
                .file(new MockMultipartFile("file", "hh.jsonl", "application/octet-stream", sample("hh-rlhf.jsonl")))
                .param("format", "auto")
                .param("priors", "import")
                .param("clientToken", UUID.randomUUID().toString())
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .with(csrf())
                .exchange();
        assertThat(uploaded).hasStatusOk();
        // the page polls the import's job until it ends
        long importId =
                jdbc.sql("SELECT max(id) FROM import_batch").query(Long.class).single();
        Document result;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        do {
            result = Jsoup.parse(new String(
                    mvc.get()
                            .uri("/projects/" + project.slug() + "/imports/" + importId)
                            .header("HX-Request", "true")
                            .with(TestData.as(admin))
                            .exchange()
                            .getResponse()
                            .getContentAsByteArray(),
                    StandardCharsets.UTF_8));
        } while (!result.select(".import-outcome").attr("hx-trigger").isEmpty() && System.nanoTime() < deadline);
        assertThat(result.select("[data-format-read]").text()).isEqualTo("Read as HH-RLHF.");
        assertThat(result.select("[data-prior-judgments-added]").text()).isEqualTo("4");
        assertThat(count("prior_judgment")).isEqualTo(4);
    }
}
