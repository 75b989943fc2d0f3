package dev.feedloop.export;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.projects.Projects;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every format against hand-written lines: a multi-turn conversation with Cyrillic, Chinese,
 * emoji (with a skin-tone modifier), newlines, a tab, quotes and backslashes in prompts, answers
 * and demonstrations.
 */
@IntegrationTest
class ExportFormatTests {

    /** The conversation below as the exported JSON must spell it. */
    static final String PROMPT = """
            [{"role": "system", "content": "Ты — помощник. 回答用中文。"}, \
            {"role": "user", "content": "Скажи \\"привет\\" 👋🏽\\nи путь C:\\\\temp\\\\new"}, \
            {"role": "assistant", "content": "Привет!\\n\\t— «ок»"}, \
            {"role": "user", "content": "Ещё 🎉 \\\\ \\"end\\""}]""";

    static final String ANSWER_A = "[{\"role\": \"assistant\", \"content\": \"Ответ A: \\\"да\\\" ✅\\nстрока 2\"}]";
    static final String ANSWER_B = "[{\"role\": \"assistant\", \"content\": \"B: back\\\\slash \\\\n not newline\"}]";
    static final String ANSWER_C = "[{\"role\": \"assistant\", \"content\": \"C: 你好，世界 🌍\"}]";
    static final byte[] KEY = new byte[32];

    static {
        Arrays.fill(KEY, (byte) 7);
    }

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
    long item;
    long a;
    long b;
    long c;
    long alice;
    long bob;
    long carol;
    long rita;

    @BeforeEach
    void scenario() {
        project = data.project().slug("demo").create().id();
        jdbc.sql("INSERT INTO export_project_key (project_id, pseudonym_key) VALUES (?, ?)")
                .params(project, KEY)
                .update();
        alice = data.user().id();
        bob = data.user().id();
        carol = data.user().id();
        rita = data.user().id();
        item = data.storedItem(
                project,
                "conv-1",
                List.of(
                        message("system", "Ты — помощник. 回答用中文。"),
                        message("user", "Скажи \"привет\" 👋🏽\nи путь C:\\temp\\new"),
                        message("assistant", "Привет!\n\t— «ок»"),
                        message("user", "Ещё 🎉 \\ \"end\"")));
        a = data.candidate(item, "a", "model-a", "Ответ A: \"да\" ✅\nстрока 2");
        b = data.candidate(item, "b", "model-b", "B: back\\slash \\n not newline");
        c = data.candidate(item, "c", null, "C: 你好，世界 🌍");
    }

    String who(long userId) {
        return Pseudonyms.of(KEY, userId);
    }

    List<String> export(ExportKind kind, ExportParameters parameters) {
        var export = exporter.prepare(projects.get(project), exporter.request(kind, parameters));
        var out = new ByteArrayOutputStream();
        try {
            exporter.stream(export, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith(text.isEmpty() ? "" : "\n");
        return text.isEmpty() ? List.of() : List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    }

    static ExportParameters params(String format, String aggregation) {
        return new ExportParameters(
                format, null, aggregation, null, null, null, null, null, null, null, null, null, null);
    }

    long approvedDemonstration() {
        long demo = data.demonstration(item, alice, "Идеал: \"цитата\" 🚀\n```\nC:\\path\n```")
                .basedOn(b)
                .guidelineVersion(3)
                .at(Instant.parse("2025-03-01T10:00:00Z"))
                .insert();
        data.review(demo, rita, "APPROVED", Instant.parse("2025-03-02T00:00:00Z"));
        return demo;
    }

    @Test
    void messagesLineAppendsTheDemonstrationToTheConversation() {
        long demo = approvedDemonstration();

        assertThat(export(ExportKind.SFT, ExportParameters.of("messages"))).containsExactly("""
                        {"id": "sft-%d", "messages": %s, "metadata": {"item_id": %d, "external_id": "conv-1", \
                        "split": "train", "judgment_ids": [%d], "annotators": ["%s"], "guideline_versions": [3], \
                        "submitted_at": "2025-03-01T10:00:00.000Z", "review": "approved", "revises": 0, \
                        "based_on": "b", "late": false}}""".formatted(
                        demo,
                        PROMPT.substring(0, PROMPT.length() - 1)
                                + ", {\"role\": \"assistant\", \"content\": \"Идеал: \\\"цитата\\\" 🚀\\n```\\nC:\\\\path\\n```\"}]",
                        item,
                        demo,
                        who(alice)));
    }

    @Test
    void promptCompletionLineSeparatesPromptAndCompletion() {
        long demo = approvedDemonstration();

        assertThat(export(ExportKind.SFT, ExportParameters.of("prompt-completion")))
                .containsExactly("""
                        {"id": "sft-%d", "prompt": %s, "completion": [{"role": "assistant", "content": \
                        "Идеал: \\"цитата\\" 🚀\\n```\\nC:\\\\path\\n```"}], "metadata": {"item_id": %d, \
                        "external_id": "conv-1", "split": "train", "judgment_ids": [%d], "annotators": ["%s"], \
                        "guideline_versions": [3], "submitted_at": "2025-03-01T10:00:00.000Z", "review": "approved", \
                        "revises": 0, "based_on": "b", "late": false}}""".formatted(demo, PROMPT, item, demo, who(alice)));
    }

    @Test
    void trlLinesHoldEveryStrictlyOrderedPairWithTheMargin() {
        long r = data.ranking(item, alice)
                .tiers(List.of("c"), List.of("a"), List.of("b"))
                .strength(3)
                .at(Instant.parse("2025-03-03T08:30:00.250Z"))
                .insert();

        String metadata = """
                "metadata": {"item_id": %d, "external_id": "conv-1", "split": "train", "chosen_id": "%s", \
                "rejected_id": "%s", "judgment_ids": [%d], "annotators": ["%s"], "guideline_versions": [1], \
                "submitted_at": "2025-03-03T08:30:00.250Z", "adjudicated": false, "decided_by": ""}}""";
        assertThat(export(ExportKind.PREFERENCES, params("trl", "raw")))
                .containsExactly(
                        ("{\"id\": \"pair-%d-%d-%d\", \"prompt\": " + PROMPT + ", \"chosen\": " + ANSWER_C
                                        + ", \"rejected\": " + ANSWER_A + ", \"margin\": 3.0, " + metadata)
                                .formatted(r, c, a, item, "c", "a", r, who(alice)),
                        ("{\"id\": \"pair-%d-%d-%d\", \"prompt\": " + PROMPT + ", \"chosen\": " + ANSWER_C
                                        + ", \"rejected\": " + ANSWER_B + ", \"margin\": 3.0, " + metadata)
                                .formatted(r, c, b, item, "c", "b", r, who(alice)),
                        ("{\"id\": \"pair-%d-%d-%d\", \"prompt\": " + PROMPT + ", \"chosen\": " + ANSWER_A
                                        + ", \"rejected\": " + ANSWER_B + ", \"margin\": 3.0, " + metadata)
                                .formatted(r, a, b, item, "a", "b", r, who(alice)));
    }

    @Test
    void openAiDpoLinesUseInputAndPreferredOutputs() {
        long r = data.ranking(item, bob)
                .tiers(List.of("b"), List.of("a", "c"))
                .at(Instant.parse("2025-03-04T00:00:00Z"))
                .insert();

        String line = """
                {"id": "pair-%d-%d-%d", "input": {"messages": %s}, "preferred_output": %s, \
                "non_preferred_output": %s, "metadata": {"item_id": %d, "external_id": "conv-1", "split": "train", \
                "chosen_id": "b", "rejected_id": "%s", "margin": 0.0, "judgment_ids": [%d], "annotators": ["%s"], \
                "guideline_versions": [1], "submitted_at": "2025-03-04T00:00:00.000Z", "adjudicated": false, \
                "decided_by": ""}}""";
        assertThat(export(ExportKind.PREFERENCES, params("openai-dpo", null)))
                .containsExactly(
                        line.formatted(r, b, a, PROMPT, ANSWER_B, ANSWER_A, item, "a", r, who(bob)),
                        line.formatted(r, b, c, PROMPT, ANSWER_B, ANSWER_C, item, "c", r, who(bob)));
    }

    @Test
    void rankingsLineHoldsCandidatesEveryRankingAndTheAggregate() {
        long r1 = data.ranking(item, alice)
                .tiers(List.of("a"), List.of("b", "c"))
                .rating("a", "helpfulness", 6)
                .flag("c", "hallucination")
                .rationale("A cites \"the docs\";\nB and C guess. 🤔")
                .at(Instant.parse("2025-03-05T00:00:00Z"))
                .insert();
        long r2 = data.ranking(item, bob)
                .tiers(List.of("a"), List.of("c"), List.of("b"))
                .strength(2)
                .guidelineVersion(2)
                .at(Instant.parse("2025-03-05T00:00:01Z"))
                .insert();
        long r3 = data.ranking(item, carol)
                .noneAcceptable()
                .displayed("b", "c", "a")
                .late()
                .at(Instant.parse("2025-03-05T00:00:02Z"))
                .insert();
        data.skip(
                item,
                "RANK",
                rita,
                "needs_expertise",
                "Medical \"dosage\"\nquestion",
                Instant.parse("2025-03-04T00:00:00Z"));
        data.skip(item, "RANK", bob, "unclear_prompt", null, Instant.parse("2025-03-04T00:00:01Z"));
        data.skip(item, "WRITE", carol, "other", "Write-task skips stay out", Instant.parse("2025-03-04T00:00:02Z"));

        assertThat(export(ExportKind.PREFERENCES, params("rankings", null))).containsExactly("""
                        {"id": "item-%d", "prompt": %s, "candidates": [\
                        {"id": "a", "model": "model-a", "content": "Ответ A: \\"да\\" ✅\\nстрока 2"}, \
                        {"id": "b", "model": "model-b", "content": "B: back\\\\slash \\\\n not newline"}, \
                        {"id": "c", "model": "", "content": "C: 你好，世界 🌍"}], "rankings": [\
                        {"judgment_id": %d, "annotator": "%s", "tiers": [["a"], ["b", "c"]], "none_acceptable": false, \
                        "ratings": %s, "flags": %s, "strength": 0, \
                        "rationale": "A cites \\"the docs\\";\\nB and C guess. 🤔", \
                        "shown_order": ["a", "b", "c"], "guideline_version": 1, "submitted_at": "2025-03-05T00:00:00.000Z", "late": false}, \
                        {"judgment_id": %d, "annotator": "%s", "tiers": [["a"], ["c"], ["b"]], "none_acceptable": false, \
                        "ratings": %s, "flags": %s, "strength": 2, "rationale": "", "shown_order": ["a", "c", "b"], \
                        "guideline_version": 2, \
                        "submitted_at": "2025-03-05T00:00:01.000Z", "late": false}, \
                        {"judgment_id": %d, "annotator": "%s", "tiers": [], "none_acceptable": true, "ratings": %s, \
                        "flags": %s, "strength": 0, "rationale": "", "shown_order": ["b", "c", "a"], \
                        "guideline_version": 1, "submitted_at": "2025-03-05T00:00:02.000Z", \
                        "late": true}], "aggregate": {"tiers": [["a"], ["c"], ["b"]], \
                        "mean_rank": [{"candidate": "a", "mean_rank": 1.0}, {"candidate": "c", "mean_rank": 2.25}, \
                        {"candidate": "b", "mean_rank": 2.75}], "none_acceptable": 1, "annotator_count": 3}, \
                        "metadata": {"item_id": %d, "external_id": "conv-1", "split": "train", \
                        "judgment_ids": [%d, %d, %d], "annotators": ["%s", "%s", "%s"], "guideline_versions": [1, 2], \
                        "submitted_at": "2025-03-05T00:00:02.000Z", "skips": {"count": 2, "by_reason": [\
                        {"reason": "unclear_prompt", "count": 1}, {"reason": "needs_expertise", "count": 1}, \
                        {"reason": "harmful_content", "count": 0}, {"reason": "broken_item", "count": 0}, \
                        {"reason": "conflict_of_interest", "count": 0}, {"reason": "other", "count": 0}]}}}""".formatted(
                        item,
                        PROMPT,
                        r1,
                        who(alice),
                        ratings("a", "b", "c", "a:helpfulness:6.0"),
                        flags("a", "b", "c", "c:hallucination"),
                        r2,
                        who(bob),
                        ratings("a", "c", "b"),
                        flags("a", "c", "b"),
                        r3,
                        who(carol),
                        ratings("b", "c", "a"),
                        flags("b", "c", "a"),
                        item,
                        r1,
                        r2,
                        r3,
                        who(alice),
                        who(bob),
                        who(carol)));
    }

    /**
     * The ratings list of a ranking that showed {@code shown}: every candidate with every default
     * dimension, {@code given} as {@code "candidate:dimension:rating"}.
     */
    static String ratings(String... shownAndGiven) {
        return grid(shownAndGiven, List.of("helpfulness", "truthfulness", "harmlessness"), (c, d, given) -> {
            String rating = given.getOrDefault(c + ":" + d, null);
            return "{\"candidate\": \"" + c + "\", \"dimension\": \"" + d + "\", \"rated\": " + (rating != null)
                    + ", \"rating\": " + (rating == null ? "0.0" : rating) + "}";
        });
    }

    /** The flags list of a ranking that showed {@code shown}, {@code given} as {@code "candidate:flag"}. */
    static String flags(String... shownAndGiven) {
        return grid(
                shownAndGiven,
                List.of("hallucination", "harmful", "refusal", "fails_instruction", "personal_data"),
                (c, f, given) -> "{\"candidate\": \"" + c + "\", \"flag\": \"" + f + "\", \"set\": "
                        + given.containsKey(c + ":" + f) + "}");
    }

    interface Cell {
        String of(String candidate, String name, java.util.Map<String, String> given);
    }

    private static String grid(String[] shownAndGiven, List<String> names, Cell cell) {
        java.util.Map<String, String> given = new java.util.HashMap<>();
        List<String> shown = new java.util.ArrayList<>();
        for (String s : shownAndGiven) {
            String[] parts = s.split(":");
            if (parts.length == 1) {
                shown.add(s);
            } else {
                given.put(parts[0] + ":" + parts[1], parts.length > 2 ? parts[2] : "");
            }
        }
        List<String> cells = new java.util.ArrayList<>();
        for (String c : shown) {
            for (String name : names) {
                cells.add(cell.of(c, name, given));
            }
        }
        return "[" + String.join(", ", cells) + "]";
    }

    @Test
    void rankingsLineCountsTheItemsSkipsUpToAsOf() {
        data.ranking(item, alice)
                .tiers(List.of("a"), List.of("b"))
                .at(Instant.parse("2025-03-05T00:00:00Z"))
                .insert();
        data.skip(item, "RANK", bob, "harmful_content", "Too graphic", Instant.parse("2025-03-05T00:00:01Z"));
        data.skip(item, "RANK", carol, "other", "Later", Instant.parse("2025-03-07T00:00:00Z"));

        String before = export(
                        ExportKind.PREFERENCES,
                        new ExportParameters(
                                "rankings",
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                null,
                                "2025-03-06T00:00:00Z",
                                null,
                                null,
                                null,
                                null))
                .getFirst();
        String now = export(ExportKind.PREFERENCES, params("rankings", null)).getFirst();

        assertThat(json.readTree(before).at("/metadata/skips/count").asInt()).isEqualTo(1);
        assertThat(json.readTree(before).at("/metadata/skips/by_reason/2").toString())
                .isEqualTo("{\"reason\":\"harmful_content\",\"count\":1}");
        assertThat(json.readTree(now).at("/metadata/skips/count").asInt()).isEqualTo(2);
        assertThat(json.readTree(now).at("/metadata/skips/by_reason/5/count").asInt())
                .isEqualTo(1);
        assertThat(now).contains("\"rationale\": \"\"");
    }

    @Test
    void rankingsLinesCountEverySkipReasonInTheQueuesOrder() {
        assertThat(ExportQueries.SKIP_REASON_CODES)
                .containsExactlyElementsOf(java.util.Arrays.stream(dev.feedloop.workqueue.SkipReason.values())
                        .map(dev.feedloop.workqueue.SkipReason::code)
                        .toList());
    }

    @Test
    void ktoLabelsComeFromRatingsTiersAndNoneAcceptable() {
        // helpfulness 6 of 1..7 and truthfulness 2 of 1..7: mean of 5/6 and 1/6 is exactly 0.5: no label
        long r1 = data.ranking(item, alice)
                .tiers(List.of("a"), List.of("b"), List.of("c"))
                .rating("a", "helpfulness", 7)
                .rating("b", "helpfulness", 6)
                .rating("b", "truthfulness", 2)
                .at(Instant.parse("2025-03-06T00:00:00Z"))
                .insert();
        long r2 = data.ranking(item, bob)
                .noneAcceptable()
                .displayed("c", "a", "b")
                .at(Instant.parse("2025-03-06T00:00:01Z"))
                .insert();

        String line = """
                {"id": "kto-%d-%d", "prompt": %s, "completion": %s, "label": %s, "metadata": {"item_id": %d, \
                "external_id": "conv-1", "split": "train", "candidate_id": "%s", "source": "%s", \
                "judgment_ids": [%d], "annotators": ["%s"], "guideline_versions": [1], \
                "submitted_at": "2025-03-06T00:00:0%d.000Z", "adjudicated": false, "decided_by": ""}}""";
        assertThat(export(ExportKind.PREFERENCES, params("kto", "raw")))
                .containsExactly(
                        line.formatted(r1, a, PROMPT, ANSWER_A, true, item, "a", "ratings", r1, who(alice), 0),
                        line.formatted(r1, c, PROMPT, ANSWER_C, false, item, "c", "tiers", r1, who(alice), 0),
                        line.formatted(r2, a, PROMPT, ANSWER_A, false, item, "a", "none_acceptable", r2, who(bob), 1),
                        line.formatted(r2, b, PROMPT, ANSWER_B, false, item, "b", "none_acceptable", r2, who(bob), 1),
                        line.formatted(r2, c, PROMPT, ANSWER_C, false, item, "c", "none_acceptable", r2, who(bob), 1));
    }

    @Test
    void majorityTrlLineCarriesAgreementAndMeanMargin() {
        long r1 = data.ranking(item, alice)
                .tiers(List.of("a"), List.of("b", "c"))
                .strength(1)
                .at(Instant.parse("2025-03-07T00:00:00Z"))
                .insert();
        long r2 = data.ranking(item, bob)
                .tiers(List.of("b"), List.of("a"), List.of("c"))
                .strength(2)
                .at(Instant.parse("2025-03-07T00:00:01Z"))
                .insert();
        long r3 = data.ranking(item, carol)
                .tiers(List.of("a"), List.of("c"), List.of("b"))
                .at(Instant.parse("2025-03-07T00:00:02Z"))
                .insert();

        // a>b: alice, carol (2 of 3); a>c: all three; b>a, b>c, c>b: one each; b~c (alice): no pair
        assertThat(export(ExportKind.PREFERENCES, params("trl", "majority")))
                .containsExactly(
                        """
                        {"id": "pair-i%d-%d-%d", "prompt": %s, "chosen": %s, "rejected": %s, "margin": 1.0, \
                        "metadata": {"item_id": %d, "external_id": "conv-1", "split": "train", "chosen_id": "a", \
                        "rejected_id": "b", "agreement": 0.6667, "votes": 2, "annotator_count": 3, \
                        "judgment_ids": [%d, %d], "annotators": ["%s", "%s"], "guideline_versions": [1], \
                        "submitted_at": "2025-03-07T00:00:02.000Z", "adjudicated": false, "decided_by": ""}}""".formatted(item, a, b, PROMPT, ANSWER_A, ANSWER_B, item, r1, r3, who(alice), who(carol)),
                        """
                        {"id": "pair-i%d-%d-%d", "prompt": %s, "chosen": %s, "rejected": %s, "margin": 1.5, \
                        "metadata": {"item_id": %d, "external_id": "conv-1", "split": "train", "chosen_id": "a", \
                        "rejected_id": "c", "agreement": 1.0, "votes": 3, "annotator_count": 3, \
                        "judgment_ids": [%d, %d, %d], "annotators": ["%s", "%s", "%s"], "guideline_versions": [1], \
                        "submitted_at": "2025-03-07T00:00:02.000Z", "adjudicated": false, "decided_by": ""}}""".formatted(
                                        item,
                                        a,
                                        c,
                                        PROMPT,
                                        ANSWER_A,
                                        ANSWER_C,
                                        item,
                                        r1,
                                        r2,
                                        r3,
                                        who(alice),
                                        who(bob),
                                        who(carol)));
    }

    @Test
    void majorityOpenAiDpoAndKtoLinesAndTheRawDpoMarginAreSpelledExactly() {
        long r1 = data.ranking(item, alice)
                .tiers(List.of("a"), List.of("b", "c"))
                .strength(1)
                .at(Instant.parse("2025-03-07T00:00:00Z"))
                .insert();
        long r2 = data.ranking(item, bob)
                .tiers(List.of("b"), List.of("a"), List.of("c"))
                .strength(2)
                .at(Instant.parse("2025-03-07T00:00:01Z"))
                .insert();
        long r3 = data.ranking(item, carol)
                .tiers(List.of("a"), List.of("c"), List.of("b"))
                .at(Instant.parse("2025-03-07T00:00:02Z"))
                .insert();

        String dpo = """
                {"id": "pair-i%d-%d-%d", "input": {"messages": %s}, "preferred_output": %s, \
                "non_preferred_output": %s, "metadata": {"item_id": %d, "external_id": "conv-1", "split": "train", \
                "chosen_id": "a", "rejected_id": "%s", "margin": %s, "agreement": %s, "votes": %d, \
                "annotator_count": 3, "judgment_ids": [%s], "annotators": [%s], "guideline_versions": [1], \
                "submitted_at": "2025-03-07T00:00:02.000Z", "adjudicated": false, "decided_by": ""}}""";
        String all = r1 + ", " + r2 + ", " + r3;
        String everyone = "\"" + who(alice) + "\", \"" + who(bob) + "\", \"" + who(carol) + "\"";
        assertThat(export(ExportKind.PREFERENCES, params("openai-dpo", "majority")))
                .containsExactly(
                        dpo.formatted(
                                item,
                                a,
                                b,
                                PROMPT,
                                ANSWER_A,
                                ANSWER_B,
                                item,
                                "b",
                                "1.0",
                                "0.6667",
                                2,
                                r1 + ", " + r3,
                                "\"" + who(alice) + "\", \"" + who(carol) + "\""),
                        dpo.formatted(
                                item, a, c, PROMPT, ANSWER_A, ANSWER_C, item, "c", "1.5", "1.0", 3, all, everyone));

        // labels from the tiers: best tier desirable, worst undesirable, a middle tier none
        String kto = """
                {"id": "kto-i%d-%d", "prompt": %s, "completion": %s, "label": %s, "metadata": {"item_id": %d, \
                "external_id": "conv-1", "split": "train", "candidate_id": "%s", "agreement": 0.6667, "votes": 2, \
                "annotator_count": 3, "judgment_ids": [%s], "annotators": [%s], "guideline_versions": [1], \
                "submitted_at": "2025-03-07T00:00:02.000Z", "adjudicated": false, "decided_by": ""}}""";
        assertThat(export(ExportKind.PREFERENCES, params("kto", "majority")))
                .containsExactly(
                        kto.formatted(item, a, PROMPT, ANSWER_A, true, item, "a", all, everyone),
                        kto.formatted(item, b, PROMPT, ANSWER_B, false, item, "b", all, everyone),
                        kto.formatted(item, c, PROMPT, ANSWER_C, false, item, "c", all, everyone));

        String raw = """
                {"id": "pair-%d-%d-%d", "input": {"messages": %s}, "preferred_output": %s, \
                "non_preferred_output": %s, "metadata": {"item_id": %d, "external_id": "conv-1", "split": "train", \
                "chosen_id": "%s", "rejected_id": "%s", "margin": %d.0, "judgment_ids": [%d], "annotators": ["%s"], \
                "guideline_versions": [1], "submitted_at": "2025-03-07T00:00:0%d.000Z", "adjudicated": false, \
                "decided_by": ""}}""";
        assertThat(export(ExportKind.PREFERENCES, params("openai-dpo", "raw")))
                .startsWith(
                        raw.formatted(r1, a, b, PROMPT, ANSWER_A, ANSWER_B, item, "a", "b", 1, r1, who(alice), 0),
                        raw.formatted(r1, a, c, PROMPT, ANSWER_A, ANSWER_C, item, "a", "c", 1, r1, who(alice), 0),
                        raw.formatted(r2, b, a, PROMPT, ANSWER_B, ANSWER_A, item, "b", "a", 2, r2, who(bob), 1));
    }
}
