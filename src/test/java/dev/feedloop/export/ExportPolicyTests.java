package dev.feedloop.export;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.Projects;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The selection policies: pairs, aggregation, lateness, minimum annotators, reviews, time, splits. */
@IntegrationTest
class ExportPolicyTests {

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

    long project;
    long[] people;

    @BeforeEach
    void scenario() {
        project = data.project().slug("policies").create().id();
        people = new long[5];
        for (int i = 0; i < people.length; i++) {
            people[i] = data.user().id();
        }
    }

    long item(String externalId, String... candidates) {
        long item = data.storedItem(project, externalId, List.of(message("user", "Prompt " + externalId)));
        for (String candidate : candidates) {
            data.candidate(item, candidate, "m", "Answer " + candidate);
        }
        return item;
    }

    List<JsonNode> export(ExportKind kind, ExportParameters parameters) {
        return lines(raw(kind, parameters, false));
    }

    byte[] raw(ExportKind kind, ExportParameters parameters, boolean gzip) {
        var export = exporter.prepare(projects.get(project), exporter.request(kind, parameters));
        var out = new ByteArrayOutputStream();
        try {
            exporter.stream(export, out, gzip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    List<JsonNode> lines(byte[] bytes) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    static ExportParameters prefs(String format, String aggregation) {
        return new ExportParameters(
                format, null, aggregation, null, null, null, null, null, null, null, null, null, null);
    }

    static List<String> pairs(List<JsonNode> lines) {
        return lines.stream()
                .map(l -> l.get("metadata").get("chosen_id").asString() + ">"
                        + l.get("metadata").get("rejected_id").asString())
                .toList();
    }

    @Test
    void aFourWayRankingGivesKChooseTwoPairsLessTheTiedOnes() {
        long item = item("k4", "a", "b", "c", "d");
        data.ranking(item, people[0])
                .tiers(List.of("a"), List.of("b", "c"), List.of("d"))
                .insert();
        data.ranking(item, people[1])
                .tiers(List.of("d"), List.of("c"), List.of("b"), List.of("a"))
                .insert();

        List<JsonNode> lines = export(ExportKind.PREFERENCES, prefs("trl", "raw"));

        assertThat(pairs(lines))
                .containsExactly("a>b", "a>c", "a>d", "b>d", "c>d", "d>c", "d>b", "d>a", "c>b", "c>a", "b>a");
        // no strength: every line has the neutral margin 0.0 (a float), and margin=omit drops it from all
        assertThat(lines)
                .allSatisfy(l -> assertThat(
                                l.get("margin").isDouble() && l.get("margin").asDouble() == 0.0)
                        .isTrue());
        assertThat(export(ExportKind.PREFERENCES, prefs("trl", "raw").withMargin("omit")))
                .hasSize(11)
                .allSatisfy(l -> assertThat(l.has("margin")).isFalse());
    }

    @Test
    void majorityNeedsMoreThanHalfOfTheItemsAnnotatorsAndNoneAcceptableCountsAgainst() {
        long item = item("m", "a", "b", "c");
        data.ranking(item, people[0])
                .tiers(List.of("a"), List.of("b"), List.of("c"))
                .insert();
        data.ranking(item, people[1])
                .tiers(List.of("a"), List.of("c"), List.of("b"))
                .insert();
        data.ranking(item, people[2]).tiers(List.of("a", "b"), List.of("c")).insert();
        data.ranking(item, people[3]).noneAcceptable().displayed("a", "b", "c").insert();

        List<JsonNode> lines = export(ExportKind.PREFERENCES, prefs("trl", "majority"));

        // a>c: 3 of 4; a>b: 2 of 4 (not a strict majority); b>c: 2 of 4
        assertThat(pairs(lines)).containsExactly("a>c");
        assertThat(lines.get(0).get("metadata").get("agreement").asDouble()).isEqualTo(0.75);
        assertThat(lines.get(0).get("metadata").get("annotator_count").asInt()).isEqualTo(4);
        assertThat(pairs(export(ExportKind.PREFERENCES, prefs("openai-dpo", "majority"))))
                .containsExactly("a>c");
    }

    @Test
    void noneAcceptableGivesNoPairsAndOnlyNegativeKtoLabels() {
        long item = item("none", "a", "b");
        data.ranking(item, people[0]).noneAcceptable().displayed("b", "a").insert();

        assertThat(export(ExportKind.PREFERENCES, prefs("trl", "raw"))).isEmpty();
        List<JsonNode> kto = export(ExportKind.PREFERENCES, prefs("kto", "raw"));
        assertThat(kto)
                .hasSize(2)
                .allSatisfy(l -> assertThat(l.get("label").asBoolean()).isFalse());
        List<JsonNode> majority = export(ExportKind.PREFERENCES, prefs("kto", "majority"));
        assertThat(majority).hasSize(2).allSatisfy(l -> {
            assertThat(l.get("label").asBoolean()).isFalse();
            assertThat(l.get("metadata").get("agreement").asDouble()).isEqualTo(1.0);
        });
    }

    @Test
    void lateJudgmentsAreIncludedUnlessExcluded() {
        long item = item("late", "a", "b");
        data.ranking(item, people[0]).tiers(List.of("a"), List.of("b")).insert();
        data.ranking(item, people[1]).tiers(List.of("b"), List.of("a")).late().insert();

        assertThat(pairs(export(ExportKind.PREFERENCES, prefs("trl", "raw")))).containsExactly("a>b", "b>a");
        assertThat(pairs(export(
                        ExportKind.PREFERENCES,
                        new ExportParameters(
                                "trl", null, "raw", null, null, null, "exclude", null, null, null, null, null, null))))
                .containsExactly("a>b");
    }

    @Test
    void itemsWithTooFewAnnotatorsAreLeftOut() {
        long two = item("two", "a", "b");
        data.ranking(two, people[0]).tiers(List.of("a"), List.of("b")).insert();
        data.ranking(two, people[1]).tiers(List.of("a"), List.of("b")).insert();
        long one = item("one", "a", "b");
        data.ranking(one, people[0]).tiers(List.of("b"), List.of("a")).insert();

        var atLeastTwo =
                new ExportParameters("rankings", null, null, null, null, null, null, "2", null, null, null, null, null);
        assertThat(export(ExportKind.PREFERENCES, atLeastTwo))
                .extracting(l -> l.get("metadata").get("external_id").asString())
                .containsExactly("two");
        assertThat(export(ExportKind.PREFERENCES, prefs("rankings", null))).hasSize(2);
    }

    @Test
    void reviewFilterSelectsByTheNewestDecisionAndAnEditReplacesItsOriginal() {
        long item = item("sft", "a");
        long approved = data.demonstration(item, people[0], "approved").insert();
        data.review(approved, people[4], "REJECTED", Instant.parse("2025-02-01T00:00:00Z"));
        data.review(approved, people[4], "APPROVED", Instant.parse("2025-02-02T00:00:00Z"));
        long pending = data.demonstration(item, people[1], "pending").insert();
        long rejected = data.demonstration(item, people[2], "rejected").insert();
        data.review(rejected, people[4], "REJECTED", Instant.parse("2025-02-01T00:00:00Z"));
        long original = data.demonstration(item, people[3], "original").insert();
        long edited = data.edit(original, people[4], "edited by the reviewer", Instant.parse("2025-02-03T00:00:00Z"));

        assertThat(sft("approved")).containsExactly("approved", "edited by the reviewer");
        assertThat(sft(null)).containsExactly("approved", "edited by the reviewer");
        assertThat(sft("approved-pending")).containsExactly("approved", "pending", "edited by the reviewer");
        assertThat(sft("all")).containsExactly("approved", "pending", "rejected", "edited by the reviewer");
        JsonNode edit = export(ExportKind.SFT, ExportParameters.of("messages")).get(1);
        assertThat(edit.get("id").asString()).isEqualTo("sft-" + edited);
        assertThat(edit.get("metadata").get("revises").asLong()).isEqualTo(original);
        assertThat(pending).isPositive();
    }

    List<String> sft(String review) {
        return export(
                        ExportKind.SFT,
                        new ExportParameters(
                                "messages", review, null, null, null, null, null, null, null, null, null, null, null))
                .stream()
                .map(l -> l.get("messages").get(1).get("content").asString())
                .toList();
    }

    @Test
    void asOfLeavesOutLaterJudgmentsAndReviews() {
        long item = item("t", "a", "b");
        data.ranking(item, people[0])
                .tiers(List.of("a"), List.of("b"))
                .at(Instant.parse("2025-01-01T00:00:00Z"))
                .insert();
        data.ranking(item, people[1])
                .tiers(List.of("b"), List.of("a"))
                .at(Instant.parse("2025-06-01T00:00:00Z"))
                .insert();
        long demo = data.demonstration(item, people[2], "demo")
                .at(Instant.parse("2025-01-01T00:00:00Z"))
                .insert();
        data.review(demo, people[3], "APPROVED", Instant.parse("2025-06-01T00:00:00Z"));

        String march = "2025-03-01T00:00:00Z";
        assertThat(pairs(export(
                        ExportKind.PREFERENCES,
                        new ExportParameters(
                                "trl", null, null, null, null, null, null, null, march, null, null, null, null))))
                .containsExactly("a>b");
        assertThat(export(
                        ExportKind.SFT,
                        new ExportParameters(
                                "messages",
                                "approved",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                march,
                                null,
                                null,
                                null,
                                null)))
                .isEmpty();
        assertThat(export(
                                ExportKind.SFT,
                                new ExportParameters(
                                        "messages",
                                        "approved-pending",
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        march,
                                        null,
                                        null,
                                        null,
                                        null))
                        .get(0)
                        .get("metadata")
                        .get("review")
                        .asString())
                .isEqualTo("pending");
    }

    @Test
    void splitsFollowTheHashOfTheExternalIdAndKeepAnItemsPairsTogether() {
        for (int i = 0; i < 60; i++) {
            long item = item("item-" + i, "a", "b", "c");
            data.ranking(item, people[0])
                    .tiers(List.of("a"), List.of("b"), List.of("c"))
                    .insert();
        }
        Map<String, Set<String>> byItem = new HashMap<>();
        for (JsonNode line : export(
                ExportKind.PREFERENCES,
                new ExportParameters("trl", null, null, null, "0.3", "s1", null, null, null, null, null, null, null))) {
            String externalId = line.get("metadata").get("external_id").asString();
            String split = line.get("metadata").get("split").asString();
            byItem.computeIfAbsent(externalId, k -> new HashSet<>()).add(split);
            assertThat(split).isEqualTo(DatasetSplit.of("s1", externalId, 0.3));
        }
        assertThat(byItem)
                .hasSize(60)
                .allSatisfy((id, splits) -> assertThat(splits).hasSize(1));
        long test = byItem.values().stream().filter(s -> s.contains("test")).count();
        assertThat(test).isBetween(8L, 30L);

        List<JsonNode> train = export(
                ExportKind.PREFERENCES,
                new ExportParameters(
                        "trl", null, null, "train", "0.3", "s1", null, null, null, null, null, null, null));
        List<JsonNode> testPart = export(
                ExportKind.PREFERENCES,
                new ExportParameters("trl", null, null, "test", "0.3", "s1", null, null, null, null, null, null, null));
        assertThat(train.size() + testPart.size()).isEqualTo(180);
        assertThat(testPart).hasSize((int) test * 3);
        assertThat(testPart)
                .allSatisfy(l ->
                        assertThat(l.get("metadata").get("split").asString()).isEqualTo("test"));
        assertThat(export(
                        ExportKind.PREFERENCES,
                        new ExportParameters(
                                "trl", null, null, "test", "0.3", "s1", null, null, null, null, null, null, null)))
                .isEqualTo(testPart);
        assertThat(DatasetSplit.of("s1", "item-7", 0)).isEqualTo("train");
        assertThat(DatasetSplit.of("s1", "item-7", 1)).isEqualTo("test");
    }

    @Test
    void pseudonymsAreStablePerProjectDifferBetweenProjectsAndMatchTheReference() {
        long item = item("p", "a", "b");
        data.ranking(item, people[0]).tiers(List.of("a"), List.of("b")).insert();
        String first = export(ExportKind.PREFERENCES, prefs("trl", null))
                .get(0)
                .get("metadata")
                .get("annotators")
                .get(0)
                .asString();
        String second = export(ExportKind.PREFERENCES, prefs("trl", null))
                .get(0)
                .get("metadata")
                .get("annotators")
                .get(0)
                .asString();
        byte[] key = jdbc.sql("SELECT pseudonym_key FROM export_project_key WHERE project_id = ?")
                .param(project)
                .query(byte[].class)
                .single();

        assertThat(first).isEqualTo(second).matches("a-[0-9a-f]{16}").isEqualTo(Pseudonyms.of(key, people[0]));
        assertThat(first).doesNotContain(Long.toString(people[0]) + "\"");
        long other = data.project().slug("other").create().id();
        long otherItem = data.storedItem(other, "p", List.of(message("user", "x")));
        data.candidate(otherItem, "a", "m", "x");
        data.candidate(otherItem, "b", "m", "y");
        data.ranking(otherItem, people[0]).tiers(List.of("a"), List.of("b")).insert();
        var export =
                exporter.prepare(projects.get(other), exporter.request(ExportKind.PREFERENCES, prefs("trl", null)));
        var out = new ByteArrayOutputStream();
        try {
            exporter.stream(export, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(first);
    }

    @Test
    void gzipStreamHoldsTheSameLines() throws IOException {
        long item = item("gz", "a", "b");
        data.ranking(item, people[0]).tiers(List.of("a"), List.of("b")).insert();
        var params = prefs("trl", null);

        byte[] plain = raw(ExportKind.PREFERENCES, params, false);
        byte[] zipped = raw(ExportKind.PREFERENCES, params, true);

        try (var in = new GZIPInputStream(new ByteArrayInputStream(zipped))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(plain, StandardCharsets.UTF_8));
        }
    }

    @Test
    void invalidParametersNameTheParameter() {
        assertThatThrownBy(() -> exporter.request(ExportKind.SFT, ExportParameters.of("trl")))
                .isInstanceOf(Refusal.class)
                .extracting(e -> ((Refusal) e).field())
                .isEqualTo("format");
        assertThatThrownBy(() -> exporter.request(
                        ExportKind.PREFERENCES,
                        new ExportParameters(
                                "trl", null, null, null, null, "bad seed'", null, null, null, null, null, null, null)))
                .extracting(e -> ((Refusal) e).field())
                .isEqualTo("seed");
        assertThatThrownBy(() -> exporter.request(
                        ExportKind.PREFERENCES,
                        new ExportParameters(
                                "trl", null, null, null, "1.5", null, null, null, null, null, null, null, null)))
                .extracting(e -> ((Refusal) e).field())
                .isEqualTo("testRatio");
        assertThat(DatasetExporter.acceptsGzip("br, gzip;q=0.8")).isTrue();
        assertThat(DatasetExporter.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(DatasetExporter.acceptsGzip(null)).isFalse();
    }
}
