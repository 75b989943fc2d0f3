package dev.feedloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gold answers come in with an import (JSON Lines or CSV) or through the API, are checked like
 * everything else an import brings (each problem names the line and the field {@code gold}), and
 * only administrators read or change them.
 */
@IntegrationTest
class GoldImportTests {

    static final String CANDIDATES =
            "\"candidates\":[{\"id\":\"a\",\"content\":\"x\"},{\"id\":\"b\",\"content\":\"y\"},"
                    + "{\"id\":\"c\",\"content\":\"z\"}]";

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

    @Autowired
    Items items;

    UserView admin;
    TestProject project;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        project = data.project().create();
    }

    MvcTestResult post(String contentType, String body) {
        return mvc.post()
                .uri("/api/v1/projects/" + project.slug() + "/items")
                .param("wait", "60")
                .with(TestData.as(admin))
                .contentType(contentType)
                .content(body.getBytes(StandardCharsets.UTF_8))
                .exchange();
    }

    static String line(String id, String gold) {
        return "{\"id\":\"" + id + "\",\"prompt\":\"p\"," + CANDIDATES + (gold == null ? "" : ",\"gold\":" + gold)
                + "}";
    }

    long itemId(String externalId) {
        return jdbc.sql("SELECT id FROM item WHERE project_id = ? AND external_id = ?")
                .params(project.id(), externalId)
                .query(Long.class)
                .single();
    }

    List<ImportError> refusedWith(String gold) {
        MvcTestResult result = post("application/x-ndjson", line("ok", null) + "\n" + line("g", gold) + "\n");
        assertThat(result).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(jdbc.sql("SELECT count(*) FROM item").query(Long.class).single())
                .isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM item_gold").query(Long.class).single())
                .isZero();
        JsonNode errors =
                json.readTree(result.getResponse().getContentAsByteArray()).get("errors");
        List<ImportError> reported = errors.valueStream()
                .map(e -> json.treeToValue(e, ImportError.class))
                .toList();
        reported.forEach(e -> ImportValidationTests.assertWorded(messages, e));
        assertThat(reported).allSatisfy(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.field()).isEqualTo("gold");
        });
        return reported;
    }

    @Test
    void jsonLinesImportStoresTheGoldAnswer() {
        assertThat(post(
                        "application/x-ndjson",
                        line("g", "{\"tiers\":[[\"b\"],[\"a\",\"c\"]],\"best\":\"b\"}") + "\n" + line("plain", null)
                                + "\n"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.tasksCreated")
                .as("1 write and 3 rank slots for the plain item, only the write slot for the gold one")
                .isEqualTo(5);
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE item_id = ? AND kind = 'RANK'")
                        .param(itemId("g"))
                        .query(Long.class)
                        .single())
                .isZero();

        assertThat(items.gold(itemId("g"))).contains(new GoldAnswer(List.of(List.of("b"), List.of("a", "c")), "b"));
        assertThat(items.gold(itemId("plain"))).isEmpty();
    }

    @Test
    void csvImportReadsTheGoldColumn() {
        String csv = "id,prompt,gold,candidate.a,candidate.b\n"
                + "g,p,\"{\"\"tiers\"\": [[\"\"a\"\", \"\"b\"\"]]}\",x,y\n"
                + "plain,p,,x,y\n";
        assertThat(post("text/csv", csv)).hasStatusOk();

        assertThat(items.gold(itemId("g"))).contains(new GoldAnswer(List.of(List.of("a", "b")), null));
        assertThat(items.gold(itemId("plain"))).isEmpty();
    }

    @Test
    void goldNamingAnotherCandidateIsRefused() {
        assertThat(refusedWith("{\"tiers\":[[\"a\"],[\"zz\"]]}"))
                .extracting(ImportError::code)
                .containsExactly("ingest.problem.goldUnknownCandidate");
    }

    @Test
    void goldNamingACandidateTwiceIsRefused() {
        assertThat(refusedWith("{\"tiers\":[[\"a\"],[\"b\",\"a\"]]}"))
                .extracting(ImportError::code)
                .containsExactly("ingest.problem.goldDuplicate");
    }

    @Test
    void goldRankingOneCandidateIsRefused() {
        assertThat(refusedWith("{\"tiers\":[[\"a\"]]}"))
                .extracting(ImportError::code, ImportError::args)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ingest.problem.goldTooFew", List.of(1)));
    }

    @Test
    void bestOutsideTheFirstTierIsRefused() {
        assertThat(refusedWith("{\"tiers\":[[\"a\"],[\"b\"]],\"best\":\"b\"}"))
                .extracting(ImportError::code)
                .containsExactly("ingest.problem.goldBest");
    }

    @Test
    void goldOfTheWrongShapeIsRefused() {
        assertThat(refusedWith("[[\"a\"],[\"b\"]]"))
                .extracting(ImportError::code)
                .containsExactly("ingest.problem.goldShape");
        assertThat(refusedWith("{\"tiers\":[\"a\",\"b\"]}"))
                .extracting(ImportError::code)
                .containsExactly("ingest.problem.goldShape");
        assertThat(refusedWith("{\"tiers\":[[\"a\"],[\"b\"]],\"worst\":\"b\"}"))
                .extracting(ImportError::code)
                .containsExactly("ingest.problem.goldField");
    }

    @Test
    void reimportKeepsGoldWithoutOneAndReplacesItWithAnother() {
        post("application/x-ndjson", line("g", "{\"tiers\":[[\"a\"],[\"b\"]]}") + "\n");
        long id = itemId("g");

        assertThat(post("application/x-ndjson", line("g", null) + "\n")).hasStatusOk();
        assertThat(items.gold(id)).contains(new GoldAnswer(List.of(List.of("a"), List.of("b")), null));

        assertThat(post("application/x-ndjson", line("g", "{\"tiers\":[[\"c\"],[\"a\",\"b\"]]}") + "\n"))
                .hasStatusOk();
        assertThat(items.gold(id)).contains(new GoldAnswer(List.of(List.of("c"), List.of("a", "b")), null));
    }

    @Test
    void reimportMayNameCandidatesTheItemAlreadyHas() {
        post("application/x-ndjson", line("g", null) + "\n");
        String more = "{\"id\":\"g\",\"prompt\":\"p\",\"candidates\":[{\"id\":\"d\",\"content\":\"w\"}],"
                + "\"gold\":{\"tiers\":[[\"d\"],[\"a\"]]}}";

        assertThat(post("application/x-ndjson", more + "\n")).hasStatusOk();
        assertThat(items.gold(itemId("g"))).contains(new GoldAnswer(List.of(List.of("d"), List.of("a")), null));
    }

    MvcTestResult putGold(UserView as, String externalId, String body) {
        return mvc.put()
                .uri("/api/v1/projects/" + project.slug() + "/items/" + externalId + "/gold")
                .with(TestData.as(as))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .exchange();
    }

    @Test
    void administratorsSetReadAndClearGoldThroughTheApi() {
        post("application/x-ndjson", line("g", null) + "\n");

        assertThat(putGold(admin, "g", "{\"tiers\":[[\"b\"],[\"a\",\"c\"]],\"best\":\"b\"}"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.tiers")
                .isEqualTo(List.of(List.of("b"), List.of("a", "c")));
        assertThat(mvc.get()
                        .uri("/api/v1/projects/" + project.slug() + "/items/g/gold")
                        .with(TestData.as(admin)))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.best")
                .isEqualTo("b");

        assertThat(mvc.delete()
                        .uri("/api/v1/projects/" + project.slug() + "/items/g/gold")
                        .with(TestData.as(admin)))
                .hasStatus(HttpStatus.NO_CONTENT);
        assertThat(items.gold(itemId("g"))).isEmpty();
        assertThat(mvc.get()
                        .uri("/api/v1/projects/" + project.slug() + "/items/g/gold")
                        .with(TestData.as(admin)))
                .hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void anInvalidGoldAnswerThroughTheApiIsRefusedNamingTheField() {
        post("application/x-ndjson", line("g", null) + "\n");

        MvcTestResult result = putGold(admin, "g", "{\"tiers\":[[\"a\"],[\"nope\"]]}");
        assertThat(result).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("gold");
        assertThat(result)
                .bodyJson()
                .extractingPath("$.detail")
                .asString()
                .contains("\"nope\" in the gold answer is not one of this item's candidates");
        assertThat(items.gold(itemId("g"))).isEmpty();
        assertThat(putGold(admin, "missing", "{\"tiers\":[[\"a\"],[\"b\"]]}")).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void onlyAdministratorsTouchGold() {
        post("application/x-ndjson", line("g", null) + "\n");
        UserView annotator = data.user();
        data.member(project, annotator, "ANNOTATOR");

        assertThat(putGold(annotator, "g", "{\"tiers\":[[\"a\"],[\"b\"]]}")).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.get()
                        .uri("/api/v1/projects/" + project.slug() + "/items/g/gold")
                        .with(TestData.as(annotator)))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.delete()
                        .uri("/api/v1/projects/" + project.slug() + "/items/g/gold")
                        .with(TestData.as(annotator)))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(putGold(data.user(), "g", "{\"tiers\":[[\"a\"],[\"b\"]]}")).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(items.gold(itemId("g"))).isEmpty();
    }
}
