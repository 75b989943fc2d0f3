package dev.feedloop.export;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.Projects;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code judges=include}: machine judgments give their own marked lines in preference exports, never
 * count as annotators, follow {@code asOf}, and are recorded in snapshot manifests.
 */
@IntegrationTest
class JudgeExportTests {

    static final Instant PEOPLE_AT = Instant.parse("2025-03-01T00:00:00Z");
    static final Instant JUDGE_AT = Instant.parse("2025-04-01T00:00:00Z");
    static final String LATER = "2025-05-01T00:00:00Z";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    @Autowired
    DatasetExporter exporter;

    @Autowired
    Snapshots snapshots;

    @Autowired
    Projects projects;

    @Autowired
    MockMvcTester mvc;

    TestData.TestProject project;
    AccountPrincipal admin;

    /**
     * Item q1 (a, b, c): two people rank a > b > c; the judge ranks c > b > a in both orders (on
     * 1 April). Item q2 has only the judge's rankings.
     */
    @BeforeEach
    void scenario() {
        project = data.project().slug("judge-export").create();
        admin = TestData.principal(data.admin());
        long q1 = item("q1");
        for (int i = 0; i < 2; i++) {
            data.ranking(q1, data.user().id())
                    .tiers(List.of("a"), List.of("b"), List.of("c"))
                    .at(PEOPLE_AT)
                    .insert();
        }
        judge(q1, "FORWARD", "[\"a\", \"b\", \"c\"]");
        judge(q1, "REVERSED", "[\"c\", \"b\", \"a\"]");
        long q2 = item("q2");
        judge(q2, "FORWARD", "[\"a\", \"b\", \"c\"]");
    }

    long item(String externalId) {
        long item = data.storedItem(project.id(), externalId, List.of(message("user", "Prompt " + externalId)));
        for (String candidate : List.of("a", "b", "c")) {
            data.candidate(item, candidate, "m-" + candidate, "Answer " + candidate);
        }
        return item;
    }

    void judge(long item, String order, String shown) {
        jdbc.sql("""
                        INSERT INTO machine_judgment (project_id, item_id, endpoint_name, model, candidate_order,
                                                      shown, tiers, rationale, raw_reply, created_at)
                        VALUES (?, ?, 'Judge "one"', 'judge-7b', ?, ?::jsonb, '[["c"], ["b"], ["a"]]', 'C is best', '{}', ?)
                        """)
                .params(project.id(), item, order, shown, Timestamp.from(JUDGE_AT))
                .update();
    }

    static ExportParameters prefs(String format, String aggregation, String asOf, String judges) {
        return new ExportParameters(
                format, null, aggregation, null, null, null, null, null, asOf, null, judges, null, null);
    }

    List<String> lines(ExportParameters parameters) {
        var export = exporter.prepare(projects.get(project.id()), exporter.request(ExportKind.PREFERENCES, parameters));
        var out = new ByteArrayOutputStream();
        try {
            exporter.stream(export, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    List<JsonNode> judgeLines(List<String> lines) {
        return lines.stream()
                .map(json::readTree)
                .filter(n -> n.path("metadata").path("judge").asBoolean(false))
                .toList();
    }

    @Test
    void includeAddsEachJudgmentsOwnMarkedPairLinesAfterPeoplesLines() {
        for (String format : List.of("trl", "openai-dpo")) {
            List<String> people = lines(prefs(format, "raw", LATER, null));
            List<String> with = lines(prefs(format, "raw", LATER, "include"));

            // people's 2 rankings x 3 pairs, unchanged and first; then 3 pairs per judge order on q1
            assertThat(people).hasSize(6);
            assertThat(parsed(with.subList(0, 6))).isEqualTo(marked(people));
            List<JsonNode> judged = judgeLines(with);
            assertThat(with).hasSize(12);
            assertThat(judged).hasSize(6);
            for (JsonNode line : judged) {
                JsonNode m = line.path("metadata");
                assertThat(line.path("id").asString()).startsWith("pair-judge");
                assertThat(m.path("external_id").asString()).isEqualTo("q1");
                assertThat(m.path("endpoint").asString()).isEqualTo("Judge \"one\"");
                assertThat(m.path("model").asString()).isEqualTo("judge-7b");
                assertThat(m.path("annotators")).isEmpty();
                assertThat(m.path("submitted_at").asString()).isEqualTo("2025-04-01T00:00:00.000Z");
            }
            assertThat(judged)
                    .extracting(l -> l.path("metadata").path("order").asString())
                    .containsExactly("forward", "forward", "forward", "reversed", "reversed", "reversed");
            assertThat(judged.get(0).path("metadata").path("chosen_id").asString())
                    .isEqualTo("c");
            assertThat(people).allSatisfy(l -> assertThat(l).doesNotContain("\"judge\""));
        }
    }

    @Test
    void includeAddsMarkedKtoLinesAndRankingEntries() {
        List<String> kto = lines(prefs("kto", "raw", LATER, "include"));
        List<JsonNode> judged = judgeLines(kto);
        // best tier desirable, worst undesirable, per judge order on q1
        assertThat(judged).hasSize(4);
        assertThat(judged).allSatisfy(l -> assertThat(l.path("id").asString()).startsWith("kto-judge"));
        assertThat(judged)
                .extracting(l -> l.path("metadata").path("candidate_id").asString() + "="
                        + l.path("label").asBoolean())
                .containsExactlyInAnyOrder("c=true", "a=false", "c=true", "a=false");
        assertThat(kto).hasSize(lines(prefs("kto", "raw", LATER, null)).size() + 4);

        List<String> rankings = lines(prefs("rankings", "raw", LATER, "include"));
        assertThat(rankings).hasSize(1); // q2 has no person's ranking: below the minimum of 1
        JsonNode q1 = json.readTree(rankings.get(0));
        JsonNode entries = q1.path("rankings");
        assertThat(entries).hasSize(4);
        assertThat(entries.get(2).path("judge").asBoolean()).isTrue();
        assertThat(entries.get(2).path("order").asString()).isEqualTo("forward");
        assertThat(entries.get(3).path("shown_order").toString()).isEqualTo("[\"c\",\"b\",\"a\"]");
        assertThat(entries.get(3).path("model").asString()).isEqualTo("judge-7b");
        assertThat(entries.get(0).path("judge").isBoolean()).isTrue();
        assertThat(entries.get(0).path("judge").asBoolean()).isFalse();
        assertThat(entries.get(0).path("endpoint").asString()).isEmpty();
        // a judge's entry has every key of a person's, with neutral values
        var personKeys = new java.util.TreeSet<String>(entries.get(0).propertyNames());
        assertThat(new java.util.TreeSet<String>(entries.get(3).propertyNames()))
                .isEqualTo(personKeys);
        assertThat(entries.get(3).path("annotator").asString()).isEmpty();
        assertThat(entries.get(3).path("strength").asInt()).isZero();
        // the aggregate and the annotators are people's
        assertThat(q1.path("aggregate").path("annotator_count").asInt()).isEqualTo(2);
        assertThat(q1.path("aggregate").path("tiers").toString()).isEqualTo("[[\"a\"],[\"b\"],[\"c\"]]");
        assertThat(q1.path("metadata").path("annotators")).hasSize(2);
        JsonNode without =
                json.readTree(lines(prefs("rankings", "raw", LATER, null)).get(0));
        assertThat(without.path("rankings")).hasSize(2);
    }

    @Test
    void majorityWithIncludeAddsEachJudgesCombinedVerdictAfterPeoplesUnchangedLines() {
        for (String format : List.of("trl", "openai-dpo", "kto")) {
            List<String> people = lines(prefs(format, "majority", LATER, null));
            List<String> with = lines(prefs(format, "majority", LATER, "include"));
            assertThat(people).isNotEmpty();
            assertThat(parsed(with.subList(0, people.size()))).isEqualTo(marked(people));
            List<JsonNode> judged = judgeLines(with);
            assertThat(with).hasSize(people.size() + judged.size());
            for (JsonNode line : judged) {
                JsonNode m = line.path("metadata");
                assertThat(line.path("id").asString())
                        .startsWith(format.equals("kto") ? "kto-i" : "pair-i")
                        .contains("-judge");
                assertThat(m.path("order").asString()).isEqualTo("both");
                assertThat(m.path("endpoint").asString()).isEqualTo("Judge \"one\"");
                assertThat(m.path("votes").asInt()).isEqualTo(2);
                assertThat(m.path("annotator_count").asInt()).isZero();
                assertThat(m.path("agreement").asDouble()).isEqualTo(1.0);
                assertThat(m.path("judgment_ids")).hasSize(2);
                assertThat(m.path("annotators")).isEmpty();
                assertThat(m.path("external_id").asString()).isEqualTo("q1");
            }
            if (format.equals("kto")) {
                assertThat(judged)
                        .extracting(l -> l.path("metadata").path("candidate_id").asString() + "="
                                + l.path("label").asBoolean())
                        .containsExactly("a=false", "c=true");
            } else {
                // the judge ranks c > b > a in both orders: all three pairs, opposite to people's
                assertThat(judged)
                        .extracting(l -> l.path("metadata").path("chosen_id").asString() + ">"
                                + l.path("metadata").path("rejected_id").asString())
                        .containsExactlyInAnyOrder("c>b", "c>a", "b>a");
            }
        }
        var atLeastThree = new ExportParameters(
                "trl", null, "raw", null, null, null, null, "3", LATER, null, "include", null, null);
        assertThat(lines(atLeastThree)).isEmpty();
        var majorityOfThree = new ExportParameters(
                "trl", null, "majority", null, null, null, null, "3", LATER, null, "include", null, null);
        assertThat(lines(majorityOfThree)).isEmpty();
    }

    @Test
    void aJudgeWhoseOrdersDisagreeGivesNoCombinedVerdict() {
        jdbc.sql("UPDATE machine_judgment SET tiers = '[[\"a\"], [\"b\"], [\"c\"]]' WHERE candidate_order = 'FORWARD'")
                .update();
        // forward now a > b > c, reversed still c > b > a: no pair and no label both orders agree on
        assertThat(judgeLines(lines(prefs("trl", "majority", LATER, "include"))))
                .isEmpty();
        assertThat(judgeLines(lines(prefs("kto", "majority", LATER, "include"))))
                .isEmpty();
    }

    /** The lines as JSON. */
    List<JsonNode> parsed(List<String> lines) {
        return lines.stream().map(json::readTree).toList();
    }

    /** People's lines as they read with {@code judges=include}: marked as no judge's. */
    List<JsonNode> marked(List<String> lines) {
        return lines.stream()
                .map(l -> {
                    var node = (tools.jackson.databind.node.ObjectNode) json.readTree(l);
                    ((tools.jackson.databind.node.ObjectNode) node.get("metadata"))
                            .put("judge", false)
                            .put("endpoint", "")
                            .put("model", "")
                            .put("order", "");
                    return (JsonNode) node;
                })
                .toList();
    }

    @Test
    void asOfAppliesToTheJudgesTime() {
        String before = "2025-03-15T00:00:00Z";
        assertThat(parsed(lines(prefs("trl", "raw", before, "include"))))
                .isEqualTo(marked(lines(prefs("trl", "raw", before, null))))
                .hasSize(6);
        assertThat(judgeLines(lines(prefs("trl", "raw", "2025-04-01T00:00:00Z", "include"))))
                .hasSize(6);
    }

    @Test
    void anUnknownValueIsRefusedWith422NamingTheParameter() throws Exception {
        assertThatThrownBy(() -> exporter.request(ExportKind.PREFERENCES, prefs("trl", null, null, "yes")))
                .isInstanceOfSatisfying(Refusal.class, r -> {
                    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
                    assertThat(r.field()).isEqualTo("judges");
                });
        var response = mvc.get()
                .uri("/api/v1/projects/judge-export/exports/preferences?format=trl&judges=all")
                .with(TestData.as(data.admin()))
                .exchange();
        assertThat(response).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(response.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("judges must be include or exclude; got 'all'.");
    }

    @Test
    void theExportPageOffersItInBothLanguages() throws Exception {
        Document page = Jsoup.parse(mvc.get()
                .uri("/projects/judge-export/export")
                .with(TestData.as(data.admin()))
                .exchange()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        var options = page.select("#export-form select#export-judges[name=judges] option");
        assertThat(options).extracting(e -> e.attr("value")).containsExactly("exclude", "include");
        assertThat(options).extracting(e -> e.text()).containsExactly("People only", "Include the judge's");
        assertThat(page.select("#export-judges option[selected]").attr("value")).isEqualTo("exclude");
        assertThat(page.select("#export-judges-help").text()).contains("never counts as an annotator");

        Document russian = Jsoup.parse(mvc.get()
                .uri("/projects/judge-export/export?judges=include")
                .header("Accept-Language", "ru")
                .with(TestData.as(data.admin()))
                .exchange()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(russian.select("#export-judges option"))
                .extracting(e -> e.text())
                .containsExactly("Только люди", "Включить оценки судьи");
        assertThat(russian.select("#export-judges option[selected]").attr("value"))
                .isEqualTo("include");
    }

    @Test
    void theSnapshotManifestRecordsItAndItsFileHasTheJudgesLines() {
        SnapshotManifest with =
                snapshots.create(project.slug(), admin, ExportKind.PREFERENCES, prefs("trl", "raw", LATER, "include"));
        SnapshotManifest without =
                snapshots.create(project.slug(), admin, ExportKind.PREFERENCES, prefs("trl", "raw", LATER, null));

        assertThat(with.parameters()).containsEntry("judges", "include");
        assertThat(without.parameters()).containsEntry("judges", "exclude");
        assertThat(snapshots.manifest(with.id(), admin).parameters()).containsEntry("judges", "include");
        assertThat(with.files().stream().mapToLong(SnapshotFileView::rows).sum())
                .isEqualTo(12);
        assertThat(without.files().stream().mapToLong(SnapshotFileView::rows).sum())
                .isEqualTo(6);
    }
}
