package dev.feedloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each public dataset format imports from a small sample written in its documented shape
 * (src/test/resources/import-samples): the counts of items, candidates and prior judgments, a
 * re-import that changes nothing, and the items exported back with the content the sample gave.
 */
@IntegrationTest
class ImportSamplesTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    Items items;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    ApiTokens tokens;

    @LocalServerPort
    int port;

    UserView admin;
    ProjectSettings project;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        project = data.project().createAsAdmin();
    }

    static byte[] sample(String name) throws IOException {
        try (InputStream in = ImportSamplesTests.class.getResourceAsStream("/import-samples/" + name)) {
            return in.readAllBytes();
        }
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

    ImportResult imported(String name, String query) throws IOException {
        MvcTestResult response = post(query, sample(name));
        assertThat(response).hasStatusOk();
        return json.readValue(response.getResponse().getContentAsByteArray(), ImportResult.class);
    }

    /**
     * Imports the sample with prior judgments, checks the counts, imports it again (nothing changes
     * the second time) and exports it back.
     */
    ImportResult importedTwice(String name, ImportFormat format, long itemsCreated, long candidates, long priors)
            throws Exception {
        ImportResult first = imported(name, "?priors=import");
        assertThat(first.format()).isEqualTo(format);
        assertThat(first.itemsCreated()).as("items").isEqualTo(itemsCreated);
        assertThat(first.candidatesAdded()).as("candidates").isEqualTo(candidates);
        assertThat(first.priorJudgmentsAdded()).as("prior judgments").isEqualTo(priors);
        assertThat(count("item")).isEqualTo(itemsCreated);
        assertThat(count("candidate")).isEqualTo(candidates);
        assertThat(count("prior_judgment")).isEqualTo(priors);
        assertThat(count("ranking")).isZero();

        ImportResult again = imported(name, "?priors=import");
        assertThat(again.itemsCreated()).isZero();
        assertThat(again.itemsExtended()).isZero();
        assertThat(again.candidatesAdded()).isZero();
        assertThat(again.priorJudgmentsAdded()).isZero();
        assertThat(again.tasksCreated()).isZero();
        assertThat(count("item")).isEqualTo(itemsCreated);
        assertThat(count("candidate")).isEqualTo(candidates);
        assertThat(count("prior_judgment")).isEqualTo(priors);
        exportsAsImported();
        return first;
    }

    /**
     * The first imported item with candidates, once ranked, comes out of the {@code rankings}
     * export with the conversation and the candidates it was imported with (the ranking is then
     * removed again, for the test's own checks).
     */
    void exportsAsImported() throws Exception {
        ItemView first = items.get(
                jdbc.sql("SELECT min(i.id) FROM item i WHERE EXISTS (SELECT 1 FROM candidate c WHERE c.item_id = i.id)")
                        .query(Long.class)
                        .single());
        List<CandidateView> candidates = items.candidates(first.id());
        List<String>[] tiers =
                candidates.stream().map(c -> List.of(c.externalId())).toArray(List[]::new);
        long ranking = data.ranking(first.id(), admin.id()).tiers(tiers).insert();

        JsonNode line = export("rankings").stream()
                .filter(l -> l.get("metadata").get("external_id").asString().equals(first.externalId()))
                .findFirst()
                .orElseThrow();
        assertThat(line.get("prompt")).isEqualTo(json.valueToTree(first.messages()));
        assertThat(line.get("candidates")
                        .valueStream()
                        .map(c -> c.get("content").asString()))
                .containsExactlyElementsOf(
                        candidates.stream().map(CandidateView::content).toList());
        jdbc.sql("DELETE FROM ranking WHERE id = ?").param(ranking).update();
    }

    long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    /** Items by their prompt's last message, for samples whose ids are derived from the content. */
    ItemView itemAsking(String lastMessage) {
        long id = jdbc.sql("SELECT id FROM item WHERE messages -> -1 ->> 'content' = ?")
                .param(lastMessage)
                .query(Long.class)
                .single();
        return items.get(id);
    }

    ItemView item(String externalId) {
        long id = jdbc.sql("SELECT id FROM item WHERE external_id = ?")
                .param(externalId)
                .query(Long.class)
                .single();
        return items.get(id);
    }

    List<String> contents(ItemView item) {
        return items.candidates(item.id()).stream().map(CandidateView::content).toList();
    }

    List<String> priorKinds() {
        return jdbc.sql("SELECT kind FROM prior_judgment ORDER BY id")
                .query(String.class)
                .list();
    }

    /** Ranks the item's candidates in the order given (best first), as an annotator would. */
    void rank(ItemView item, String... externalIds) {
        List<String>[] tiers =
                java.util.Arrays.stream(externalIds).map(List::of).toArray(List[]::new);
        data.ranking(item.id(), admin.id()).tiers(tiers).insert();
    }

    String candidateId(ItemView item, String content) {
        return items.candidates(item.id()).stream()
                .filter(c -> c.content().equals(content))
                .findFirst()
                .orElseThrow()
                .externalId();
    }

    List<JsonNode> export(String format) throws Exception {
        String token = tokens.create(admin.id(), "export").token();
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/projects/"
                        + project.slug() + "/exports/preferences?split=all&format=" + format))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    static Message user(String content) {
        return new Message("user", content);
    }

    @Test
    void alpacaEvalArrayImportsOneItemPerInstructionWithTheGeneratorAsModel() throws Exception {
        importedTwice("alpaca-eval.json", ImportFormat.ALPACA, 4, 3, 0);

        ItemView translated = itemAsking("Translate the sentence into English.\n\nЁжик в тумане искал свою лошадку.");
        assertThat(translated.messages()).hasSize(1);
        assertThat(translated.externalId()).matches("p-[0-9a-f]{24}");
        assertThat(translated.metadata().get("dataset").asString()).isEqualTo("selfinstruct");
        assertThat(items.candidates(translated.id()))
                .extracting(CandidateView::model, CandidateView::content)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        "gpt4_1106_preview", "The little hedgehog in the fog was looking for his horse."));
        assertThat(contents(itemAsking("Summarise the plot of Hamlet in one sentence.")))
                .isEmpty();
    }

    @Test
    void alpacaLinesPutTheInputAfterTheInstruction() throws Exception {
        importedTwice("alpaca.jsonl", ImportFormat.ALPACA, 3, 3, 0);

        ItemView review = itemAsking(
                "Classify the sentiment of the review.\n\nThe café was lovely — the crème brûlée was perfect.");
        assertThat(contents(review)).containsExactly("Positive.");
        assertThat(items.candidates(review.id()).getFirst().model()).isNull();
    }

    @Test
    void hhRlhfTranscriptsShareTheirPromptAndGiveTwoCandidatesAndAPreference() throws Exception {
        importedTwice("hh-rlhf.jsonl", ImportFormat.HH_RLHF, 4, 8, 4);

        ItemView books = itemAsking("Science fiction.");
        assertThat(books.messages())
                .containsExactly(
                        user("Can you recommend a book?"),
                        new Message("assistant", "Sure, what genre do you like?"),
                        user("Science fiction."));
        assertThat(contents(books))
                .containsExactly(
                        "Try \"The Left Hand of Darkness\" by Ursula K. Le Guin.", "Read whatever is on sale.");
        assertThat(priorKinds()).containsOnly("preference");
        String chosen = candidateId(books, "Try \"The Left Hand of Darkness\" by Ursula K. Le Guin.");
        String rejected = candidateId(books, "Read whatever is on sale.");
        assertThat(jdbc.sql("SELECT judgment::text FROM prior_judgment WHERE item_id = ?")
                        .param(books.id())
                        .query(String.class)
                        .single())
                .contains("\"chosen\": \"" + chosen + "\"", "\"rejected\": \"" + rejected + "\"");

        rank(books, chosen, rejected);
        List<JsonNode> pairs = export("trl");
        assertThat(pairs).hasSize(1);
        assertThat(pairs.getFirst().get("prompt").get(2).get("content").asString())
                .isEqualTo("Science fiction.");
        assertThat(pairs.getFirst().get("chosen").get(0).get("content").asString())
                .isEqualTo("Try \"The Left Hand of Darkness\" by Ursula K. Le Guin.");
        ItemView russian = itemAsking("Как по-немецки «спасибо»?");
        assertThat(contents(russian)).containsExactly("«Danke» или, вежливее, «Danke schön».", "Merci.");
    }

    @Test
    void ultraFeedbackCompletionsBecomeCandidatesWithTheirScoresAsPriorRatings() throws Exception {
        importedTwice("ultrafeedback.jsonl", ImportFormat.ULTRAFEEDBACK, 3, 7, 3);

        ItemView french = itemAsking("Écris une phrase sur la mer.");
        assertThat(items.candidates(french.id()))
                .extracting(CandidateView::model)
                .containsExactly("gpt-3.5-turbo", "wizardlm-13b", "alpaca-7b");
        CandidateView best = items.candidates(french.id()).getFirst();
        assertThat(jdbc.sql("SELECT metadata::text FROM candidate WHERE id = ?")
                        .param(best.id())
                        .query(String.class)
                        .single())
                .contains("\"overall_score\": 8.0", "\"ratings\": {\"helpfulness\": 4.0}");
        assertThat(french.metadata().get("source").asString()).isEqualTo("ultrafeedback");
        assertThat(priorKinds()).containsOnly("ratings");
        assertThat(jdbc.sql("SELECT (judgment -> 'scores' ->> ?)::float FROM prior_judgment WHERE item_id = ?")
                        .params(best.externalId(), french.id())
                        .query(Double.class)
                        .single())
                .isEqualTo(4.0);

        rank(french, best.externalId(), items.candidates(french.id()).get(2).externalId());
        JsonNode line = export("rankings").getFirst();
        assertThat(line.get("prompt").get(0).get("content").asString()).isEqualTo("Écris une phrase sur la mer.");
        assertThat(line.get("candidates")).hasSize(3);
        assertThat(line.get("candidates").get(0).get("content").asString())
                .isEqualTo("La mer scintille sous le soleil d'été.");
    }

    @Test
    void ultraFeedbackBinarizedPairsKeepThePromptIdAndTheScores() throws Exception {
        importedTwice("ultrafeedback-binarized.jsonl", ImportFormat.ULTRAFEEDBACK_BINARIZED, 3, 6, 3);

        ItemView sushi = item("9d8c7b6a5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c");
        assertThat(sushi.messages()).containsExactly(user("Name a famous Japanese dish."));
        assertThat(contents(sushi)).containsExactly("寿司 (sushi): vinegared rice with raw fish.", "Pizza.");
        assertThat(item("0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9")
                        .messages())
                .hasSize(3);
        assertThat(jdbc.sql("SELECT (judgment ->> 'score_chosen')::float FROM prior_judgment WHERE item_id = ?")
                        .param(sushi.id())
                        .query(Double.class)
                        .single())
                .isEqualTo(8.5);
    }

    @Test
    void openAiChatTakesTheLastAssistantMessageAsTheCandidate() throws Exception {
        importedTwice("openai-chat.jsonl", ImportFormat.OPENAI_CHAT, 4, 3, 0);

        ItemView sarcastic = itemAsking("Can you be more sarcastic?");
        assertThat(sarcastic.messages()).hasSize(4);
        assertThat(sarcastic.messages().getFirst().role()).isEqualTo("system");
        assertThat(contents(sarcastic)).containsExactly("Yes. Shakespeare. You may have heard of him.");
        assertThat(contents(itemAsking("Wie spät ist es in Zürich, wenn es in Tokio 18 Uhr ist?")))
                .containsExactly("Im Winter ist es in Zürich dann 10 Uhr.");
        assertThat(contents(itemAsking("Write a limerick about a cat."))).isEmpty();
    }

    @Test
    void openAiDpoGivesPreferredOverNonPreferred() throws Exception {
        importedTwice("openai-dpo.jsonl", ImportFormat.OPENAI_DPO, 3, 6, 3);

        ItemView tromso = itemAsking("Anything else?");
        assertThat(tromso.messages()).hasSize(4);
        assertThat(contents(tromso))
                .containsExactly("Bring crampons for icy streets and a headlamp for the polar night.", "Sunscreen.");
        assertThat(tromso.metadata().has("input")).isFalse();
    }

    @Test
    void trlConversationalWithExplicitAndImplicitPrompts() throws Exception {
        importedTwice("trl-conversational.jsonl", ImportFormat.TRL, 3, 6, 3);

        assertThat(contents(itemAsking("Где находится Байкал?")))
                .containsExactly("В Восточной Сибири, в России.", "В Канаде.");
        ItemView implicit = itemAsking("Why that one?");
        assertThat(implicit.messages()).hasSize(3);
        assertThat(contents(implicit))
                .containsExactly("People pick seven more often than any other number from 1 to 10.", "No reason.");
    }

    @Test
    void trlStandardTextsWithExplicitAndImplicitPrompts() throws Exception {
        importedTwice("trl-standard.jsonl", ImportFormat.TRL, 4, 8, 4);

        assertThat(contents(itemAsking("The sky is"))).containsExactly(" blue.", " green.");
        assertThat(contents(itemAsking("The capital of Peru is"))).containsExactly("Lima.", "Cusco.");
        assertThat(contents(itemAsking("Das Wetter in München ist"))).containsExactly(" sonnig und warm.", " grün.");
    }

    @Test
    void feedloopTrlExportComesBackWithItsIdsAndPairs() throws Exception {
        importedTwice("feedloop-trl.jsonl", ImportFormat.FEEDLOOP_EXPORT, 3, 7, 5);

        ItemView q17 = item("q-17");
        assertThat(q17.messages().getFirst()).isEqualTo(new Message("system", "You are a concise support agent."));
        assertThat(items.candidates(q17.id()))
                .extracting(CandidateView::externalId)
                .containsExactly("a", "c", "b");
        assertThat(item("q-19").messages()).hasSize(3);

        rank(q17, "a", "c", "b");
        List<JsonNode> pairs = export("trl");
        assertThat(pairs).hasSize(3);
        assertThat(pairs)
                .extracting(p -> p.get("metadata").get("chosen_id").asString() + ">"
                        + p.get("metadata").get("rejected_id").asString())
                .containsExactlyInAnyOrder("a>c", "a>b", "c>b");
        String sample = new String(sample("feedloop-trl.jsonl"), java.nio.charset.StandardCharsets.UTF_8);
        JsonNode first = json.readTree(sample.lines().findFirst().orElseThrow());
        assertThat(pairs.getFirst().get("prompt")).isEqualTo(first.get("prompt"));
    }

    @Test
    void feedloopOpenAiDpoExportComesBackWithItsIds() throws Exception {
        importedTwice("feedloop-openai-dpo.jsonl", ImportFormat.FEEDLOOP_EXPORT, 3, 7, 5);

        assertThat(items.candidates(item("q-18").id()))
                .extracting(CandidateView::externalId, CandidateView::content)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("d", "Unter Konto → Rechnungen."),
                        org.assertj.core.groups.Tuple.tuple("e", "Das weiß ich nicht."));
    }

    @Test
    void feedloopRankingsExportComesBackWithCandidatesModelsAndRankings() throws Exception {
        importedTwice("feedloop-rankings.jsonl", ImportFormat.FEEDLOOP_EXPORT, 3, 7, 4);

        ItemView q17 = item("q-17");
        assertThat(items.candidates(q17.id()))
                .extracting(CandidateView::externalId, CandidateView::model)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", "llama-3-8b"),
                        org.assertj.core.groups.Tuple.tuple("b", "mistral-7b"),
                        org.assertj.core.groups.Tuple.tuple("c", "qwen-7b"));
        assertThat(priorKinds()).containsOnly("ranking");

        rank(q17, "c", "a", "b");
        JsonNode line = export("rankings").getFirst();
        String sample = new String(sample("feedloop-rankings.jsonl"), java.nio.charset.StandardCharsets.UTF_8);
        JsonNode original = json.readTree(sample.lines().findFirst().orElseThrow());
        assertThat(line.get("prompt")).isEqualTo(original.get("prompt"));
        assertThat(line.get("candidates")).isEqualTo(original.get("candidates"));
        assertThat(line.get("rankings")).hasSize(1);
    }

    @Test
    void feedloopSftExportsComeBackWithTheDemonstrationAsCandidate() throws Exception {
        importedTwice("feedloop-messages.jsonl", ImportFormat.FEEDLOOP_EXPORT, 3, 3, 0);
        assertThat(contents(item("q-18"))).containsExactly("Unter „Konto“ → „Rechnungen“ findest du alle PDFs.");

        ImportResult again = imported("feedloop-prompt-completion.jsonl", "");
        assertThat(again.format()).isEqualTo(ImportFormat.FEEDLOOP_EXPORT);
        assertThat(again.itemsUnchanged()).isEqualTo(3);
        assertThat(again.candidatesAdded()).isZero();
        assertThat(item("q-19").messages()).hasSize(3);
    }

    @Test
    void feedloopKtoExportComesBackWithItsLabels() throws Exception {
        importedTwice("feedloop-kto.jsonl", ImportFormat.FEEDLOOP_EXPORT, 3, 4, 4);

        assertThat(items.candidates(item("q-17").id()))
                .extracting(CandidateView::externalId)
                .containsExactly("a", "b");
        assertThat(priorKinds()).containsOnly("label");
    }
}
