package dev.feedloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.accounts.UserView;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/** Every accepted format imports as documented, and imports are idempotent. */
@IntegrationTest
class ImportFormatsTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    Projects projects;

    @Autowired
    Items items;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    org.springframework.context.support.AbstractApplicationContext context;

    /** The events published while the test runs, on any thread (imports are written by their job). */
    final Announced events = new Announced();

    static final class Announced
            implements org.springframework.context.ApplicationListener<org.springframework.context.ApplicationEvent> {
        private final java.util.concurrent.CopyOnWriteArrayList<ItemsImported> seen =
                new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void onApplicationEvent(org.springframework.context.ApplicationEvent event) {
            if (event instanceof org.springframework.context.PayloadApplicationEvent<?> payload
                    && payload.getPayload() instanceof ItemsImported imported) {
                seen.add(imported);
            }
        }

        java.util.stream.Stream<ItemsImported> stream(Class<ItemsImported> type) {
            return seen.stream();
        }

        void clear() {
            seen.clear();
        }
    }

    @org.junit.jupiter.api.BeforeEach
    void listen() {
        context.addApplicationListener(events);
    }

    @org.junit.jupiter.api.AfterEach
    void stopListening() {
        context.removeApplicationListener(events);
    }

    UserView admin;
    ProjectSettings project;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        project = data.project().createAsAdmin();
    }

    MvcTestResult post(String query, String contentType, byte[] body) {
        return mvc.post()
                .uri("/api/v1/projects/" + project.slug() + "/items" + query)
                .param("wait", "60")
                .with(TestData.as(admin))
                .contentType(contentType)
                .content(body)
                .exchange();
    }

    MvcTestResult post(String contentType, String body) {
        return post("", contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = ImportFormatsTests.class.getResourceAsStream("/ingest/" + name)) {
            return in.readAllBytes();
        }
    }

    ImportResult result(MvcTestResult response) {
        assertThat(response).hasStatusOk();
        return json.readValue(response.getResponse().getContentAsByteArray(), ImportResult.class);
    }

    long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    ItemView item(String externalId) {
        long id = jdbc.sql("SELECT id FROM item WHERE external_id = ?")
                .param(externalId)
                .query(Long.class)
                .single();
        return items.get(id);
    }

    @Test
    void jsonLinesWithPromptAndCandidatesImport() throws IOException {
        ImportResult result = result(post("", "application/x-ndjson", fixture("alpaca-joined.jsonl")));

        assertThat(result.status()).isEqualTo(ImportStatus.DONE);
        assertThat(result.itemsCreated()).isEqualTo(2);
        assertThat(result.candidatesAdded()).isEqualTo(5);
        assertThat(result.tasksCreated()).isEqualTo(count("task"));
        ItemView first = item("alpaca-0");
        assertThat(first.messages())
                .containsExactly(new Message(
                        "user", "What are the names of some famous actors that started their careers on Broadway?"));
        assertThat(first.metadata().get("dataset").asString()).isEqualTo("helpful_base");
        assertThat(items.candidates(first.id()))
                .extracting(CandidateView::externalId)
                .containsExactly("gpt4_1106_preview", "Meta-Llama-3-8B-Instruct", "text_davinci_003");
        assertThat(item("alpaca-1").priority()).isEqualTo(2);
    }

    @Test
    void anItemReadWithItsCandidatesInOneStatementMatchesTheSeparateReads() {
        result(post("application/x-ndjson", """
                {"id":"two","prompt":"Hi","candidates":[{"id":"a","model":"m1","content":"Hello"},{"id":"b","content":"Hey"}]}
                {"id":"none","prompt":"Alone"}
                """));
        ItemView two = item("two");
        ItemView none = item("none");

        ItemWithCandidates read = items.withCandidates(two.id());

        assertThat(read.item()).isEqualTo(two);
        assertThat(read.candidates()).isEqualTo(items.candidates(two.id())).hasSize(2);
        assertThat(items.withCandidates(none.id())).isEqualTo(new ItemWithCandidates(none, List.of()));
        assertThatThrownBy(() -> items.withCandidates(Long.MAX_VALUE))
                .isInstanceOfSatisfying(
                        dev.feedloop.problems.Refusal.class,
                        refusal -> assertThat(refusal.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND));
    }

    @Test
    void eachWrittenBatchIsAnnouncedWithAllCandidateIds() throws IOException {
        result(post("", "application/x-ndjson", fixture("alpaca-joined.jsonl")));

        List<ItemsImported> announced = events.stream(ItemsImported.class).toList();
        assertThat(announced).hasSize(1);
        assertThat(announced.get(0).projectId()).isEqualTo(project.id());
        assertThat(announced.get(0).items())
                .extracting(ImportedItem::candidateIds)
                .containsExactly(
                        List.of("gpt4_1106_preview", "Meta-Llama-3-8B-Instruct", "text_davinci_003"),
                        List.of("gpt4_1106_preview", "Meta-Llama-3-8B-Instruct"));
        assertThat(announced.get(0).items()).allMatch(ImportedItem::newItem);
        assertThat(announced.get(0).items()).extracting(ImportedItem::priority).containsExactly(0, 2);
    }

    @Test
    void reimportingTheSameFileChangesNothing() throws IOException {
        result(post("", "application/x-ndjson", fixture("alpaca-joined.jsonl")));
        events.clear();

        ImportResult again = result(post("", "application/x-ndjson", fixture("alpaca-joined.jsonl")));

        assertThat(again.itemsCreated()).isZero();
        assertThat(again.itemsUnchanged()).isEqualTo(2);
        assertThat(again.candidatesAdded()).isZero();
        assertThat(again.tasksCreated()).isZero();
        assertThat(count("item")).isEqualTo(2);
        assertThat(count("candidate")).isEqualTo(5);
        assertThat(events.stream(ItemsImported.class)).isEmpty();
    }

    @Test
    void reimportingWithExtraCandidatesAddsThem() {
        result(post("application/x-ndjson", """
                {"id":"q","prompt":"Hi","candidates":[{"id":"a","content":"Hello"}]}
                """));
        events.clear();

        ImportResult result = result(post("application/x-ndjson", """
                {"id":"q","prompt":"Hi","candidates":[{"id":"a","content":"Hello"},{"id":"b","model":"m2","content":"Hey"}]}
                """));

        assertThat(result.itemsExtended()).isEqualTo(1);
        assertThat(result.candidatesAdded()).isEqualTo(1);
        ImportedItem announced =
                events.stream(ItemsImported.class).toList().get(0).items().get(0);
        assertThat(announced.newItem()).isFalse();
        assertThat(announced.candidateIds()).containsExactly("a", "b");
        assertThat(items.candidates(item("q").id()))
                .extracting(CandidateView::model)
                .containsExactly(null, "m2");
    }

    @Test
    void tabsNewlinesAndBackslashesSurviveInEveryWrittenColumn() {
        String tricky = "a\\tb\\\\n\\r\\n\\\\N \\u00e9\\ud83d\\ude00 \\\"q\\\"";
        String expected = "a\tb\\n\r\n\\N \u00e9\ud83d\ude00 \"q\"";
        ImportResult result = result(post(
                "application/x-ndjson",
                "{\"id\": \"it\\tem\\\\1\", \"prompt\": \"" + tricky + "\", \"metadata\": {\"k\\t\": \""
                        + tricky + "\"}, \"candidates\": [{\"id\": \"c\\t1\\\\\", \"model\": \"m\\n\", \"content\": \""
                        + tricky + "\", \"metadata\": {\"v\": \"" + tricky
                        + "\"}}, {\"id\": \"c2\", \"content\": \"x\"}]}\n"));

        assertThat(result.itemsCreated()).isEqualTo(1);
        ItemView item = item("it\tem\\1");
        assertThat(item.messages()).containsExactly(new Message("user", expected));
        assertThat(item.metadata().get("k\t").asString()).isEqualTo(expected);
        List<CandidateView> candidates = items.candidates(item.id());
        assertThat(candidates)
                .extracting(CandidateView::externalId, CandidateView::model, CandidateView::content)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("c\t1\\", "m\n", expected),
                        org.assertj.core.groups.Tuple.tuple("c2", null, "x"));
        assertThat(jdbc.sql("SELECT metadata ->> 'v' FROM candidate WHERE external_id = ?")
                        .param("c\t1\\")
                        .query(String.class)
                        .single())
                .isEqualTo(expected);
        assertThat(jdbc.sql("SELECT candidate_ids::text FROM queue_item WHERE item_id = ?")
                        .param(item.id())
                        .query(String.class)
                        .single())
                .isEqualTo("[\"c\\t1\\\\\", \"c2\"]");
        assertThat(jdbc.sql("SELECT candidate_order::text FROM task WHERE item_id = ? AND kind = 'RANK'")
                        .param(item.id())
                        .query(String.class)
                        .list())
                .isNotEmpty()
                .allSatisfy(order -> assertThat(order).contains("\"c\\t1\\\\\"").contains("\"c2\""));
    }

    @Test
    void multiTurnConversationsWithSystemMessageImport() throws IOException {
        ImportResult result = result(post("", "application/x-ndjson", fixture("mt-bench-two-turn.jsonl")));
        assertThat(result.itemsCreated()).isEqualTo(1);
        assertThat(item("mt-101").messages()).extracting(Message::role).containsExactly("user", "assistant", "user");

        result(post("application/x-ndjson", """
                {"id":"s","messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"Hi"}]}
                """));
        assertThat(item("s").messages()).extracting(Message::role).containsExactly("system", "user");
    }

    @Test
    void csvWithMultiLineFieldsAndCandidateColumnsImports() throws IOException {
        ImportResult result = result(post("", "text/csv", fixture("items.csv")));

        assertThat(result.itemsCreated()).isEqualTo(2);
        assertThat(result.candidatesAdded()).isEqualTo(3);
        ItemView first = item("c-1");
        assertThat(first.messages())
                .containsExactly(new Message("system", "Be brief."), new Message("user", "A prompt\r\nover two lines"));
        assertThat(first.priority()).isEqualTo(1);
        assertThat(items.candidates(first.id()))
                .extracting(CandidateView::externalId, CandidateView::model, CandidateView::content)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", "model-x", "Answer A"),
                        org.assertj.core.groups.Tuple.tuple("b", null, "Answer \"B\""));
        assertThat(items.candidates(item("c-2").id())).hasSize(1);
    }

    @Test
    void openAssistantTreesBecomeOneItemPerPromptWithReplies() throws IOException {
        ImportResult result = result(post("", "application/x-ndjson", fixture("oasst-trees.jsonl")));

        assertThat(result.itemsCreated()).isEqualTo(3);
        assertThat(result.candidatesAdded()).isEqualTo(5);
        ItemView followUp = item("p-2");
        assertThat(followUp.messages())
                .containsExactly(
                        new Message("user", "How do I boil an egg?"),
                        new Message("assistant", "Put it in boiling water for 8 minutes."),
                        new Message("user", "And a soft one?"));
        assertThat(followUp.metadata().get("message_tree_id").asString()).isEqualTo("t-1");
        List<CandidateView> replies = items.candidates(followUp.id());
        assertThat(replies).extracting(CandidateView::externalId).containsExactly("a-3", "a-4");
        assertThat(replies).extracting(CandidateView::model).containsExactly(null, "chip20b");
        String rank = jdbc.sql("SELECT metadata->>'rank' FROM candidate WHERE external_id = 'a-4'")
                .query(String.class)
                .single();
        assertThat(rank).isEqualTo("0");
        assertThat(items.candidates(item("p-3").id())).hasSize(1);
        assertThat(jdbc.sql("SELECT count(*) FROM item WHERE external_id = 'p-4'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void openAssistantFormatCanBeNamed() throws IOException {
        ImportResult result = result(post("?format=oasst", "application/x-ndjson", fixture("oasst-trees.jsonl")));
        assertThat(result.itemsCreated()).isEqualTo(3);
    }

    @Test
    void shareGptLinesUseTheLastReplyAsCandidate() throws IOException {
        ImportResult result = result(post("", "application/x-ndjson", fixture("sharegpt.jsonl")));

        assertThat(result.itemsCreated()).isEqualTo(3);
        assertThat(result.candidatesAdded()).isEqualTo(2);
        ItemView second = item("sg-2");
        assertThat(second.messages())
                .containsExactly(
                        new Message("system", "Answer briefly."),
                        new Message("user", "Capital of France?"),
                        new Message("assistant", "Paris."),
                        new Message("user", "And of Italy?"));
        assertThat(second.metadata().get("lang").asString()).isEqualTo("en");
        assertThat(items.candidates(second.id()))
                .extracting(CandidateView::content)
                .containsExactly("Rome.");
        assertThat(items.candidates(item("sg-1").id()))
                .extracting(CandidateView::externalId, CandidateView::model)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("gpt-3.5", "gpt-3.5"));
        assertThat(items.candidates(item("sg-3").id())).isEmpty();
    }

    @Test
    void shareGptArrayImportsWhenTheFormatIsNamed() throws IOException {
        ImportResult result = result(post("?format=sharegpt", "application/json", fixture("sharegpt-array.json")));
        assertThat(result.itemsCreated()).isEqualTo(2);
        assertThat(result.candidatesAdded()).isEqualTo(1);
    }

    @Test
    void gzipBodiesAndByteOrderMarksAreAccepted() throws IOException {
        byte[] text = ("\uFEFF{\"id\":\"g\",\"prompt\":\"zipped\"}\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(text);
        }
        ImportResult result = result(post("", "application/x-ndjson", zipped.toByteArray()));
        assertThat(result.itemsCreated()).isEqualTo(1);
        assertThat(item("g").messages()).containsExactly(new Message("user", "zipped"));
    }

    @Test
    void blankLinesAndCrLfAreFine() {
        ImportResult result = result(post(
                "application/x-ndjson", "{\"id\":\"1\",\"prompt\":\"a\"}\r\n\r\n{\"id\":\"2\",\"prompt\":\"b\"}\r\n"));
        assertThat(result.itemsCreated()).isEqualTo(2);
        assertThat(result.lines()).isEqualTo(3);
    }

    @Test
    void itemsArePagedByKeyset() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            body.append("{\"id\":\"i")
                    .append(i)
                    .append("\",\"prompt\":\"p\",\"candidates\":[{\"id\":\"a\",\"content\":\"x\"}]}\n");
        }
        result(post("application/x-ndjson", body.toString()));

        var first = mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/items?limit=2")
                .with(TestData.as(admin))
                .exchange();
        assertThat(first).hasStatusOk();
        assertThat(first).bodyJson().extractingPath("$.items.length()").isEqualTo(2);
        assertThat(first)
                .bodyJson()
                .extractingPath("$.items[0].item.externalId")
                .isEqualTo("i0");
        assertThat(first)
                .bodyJson()
                .extractingPath("$.items[0].candidates[0].content")
                .isEqualTo("x");
        long next = json.readTree(first.getResponse().getContentAsByteArray())
                .get("next")
                .asLong();

        var last = mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/items?limit=3&after=" + next)
                .with(TestData.as(admin))
                .exchange();
        assertThat(last).bodyJson().extractingPath("$.items.length()").isEqualTo(3);
        assertThat(last).bodyJson().extractingPath("$.items[2].item.externalId").isEqualTo("i4");
        assertThat(last).bodyJson().extractingPath("$.next").isNull();
    }

    @Test
    void importsAreInTheHistory() {
        result(post("application/x-ndjson", "{\"id\":\"1\",\"prompt\":\"a\"}\n"));
        post("application/x-ndjson", "{\"id\":\"2\"}\n");
        var history = mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/imports")
                .with(TestData.as(admin))
                .exchange();
        assertThat(history).bodyJson().extractingPath("$.length()").isEqualTo(2);
        assertThat(history).bodyJson().extractingPath("$[0].status").isEqualTo("FAILED");
        assertThat(history).bodyJson().extractingPath("$[1].status").isEqualTo("DONE");
        assertThat(history).bodyJson().extractingPath("$[1].itemsCreated").isEqualTo(1);
    }

    @Test
    void onlyAdminsImport() {
        UserView member = data.user();
        data.member(project, member, dev.feedloop.projects.ProjectRole.LABELER);
        var response = mvc.post()
                .uri("/api/v1/projects/" + project.slug() + "/items")
                .param("wait", "60")
                .with(TestData.as(member))
                .contentType("application/x-ndjson")
                .content("{\"id\":\"1\",\"prompt\":\"a\"}\n")
                .exchange();
        assertThat(response).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(count("item")).isZero();
    }

    @Test
    void otherContentTypesAreRefused() {
        assertThat(post("text/plain", "{\"id\":\"1\",\"prompt\":\"a\"}")).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }
}
