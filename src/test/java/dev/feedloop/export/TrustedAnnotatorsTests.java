package dev.feedloop.export;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

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
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The annotator policy {@code annotators=trusted}: paused members and people failing gold are left
 * out of the lines (before majority and minimum), and snapshots record the policy, the people left
 * out and the quality numbers at their instant.
 */
@IntegrationTest
class TrustedAnnotatorsTests {

    static final Instant PAUSED_AT = Instant.parse("2025-06-01T00:00:00Z");

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
    Pseudonyms pseudonyms;

    @Autowired
    Projects projects;

    TestData.TestProject project;
    AccountPrincipal admin;
    long ann;
    long bob;
    long paused;
    long failing;

    /**
     * Item {@code m}: ann and bob rank a > b > c; a paused member and one failing gold rank b > a > c.
     * Gold answers a > b on g1 and g2: the failing one ranks b > a on both (0 of 2, the minimum);
     * bob ranks g1 b > a too, but once is below the minimum of 2, so he stays trusted.
     */
    @BeforeEach
    void scenario() {
        project = data.project()
                .slug("trusted")
                .set("gold_min_judgments", 2)
                .set("gold_threshold", 70)
                .create();
        admin = TestData.principal(data.admin());
        ann = data.user().id();
        bob = data.user().id();
        paused = data.user().id();
        failing = data.user().id();
        for (long person : List.of(ann, bob, paused, failing)) {
            data.member(project, person, "ANNOTATOR");
        }
        jdbc.sql(
                        "UPDATE project_member SET paused_at = ?, paused_reason = 'MANUAL' WHERE project_id = ? AND user_id = ?")
                .params(Timestamp.from(PAUSED_AT), project.id(), paused)
                .update();
        long m = item("m", "a", "b", "c");
        for (long person : List.of(ann, bob)) {
            data.ranking(m, person)
                    .tiers(List.of("a"), List.of("b"), List.of("c"))
                    .insert();
        }
        for (long person : List.of(paused, failing)) {
            data.ranking(m, person)
                    .tiers(List.of("b"), List.of("a"), List.of("c"))
                    .insert();
        }
        long g1 = gold("g1", "[[\"a\"], [\"b\"]]");
        long g2 = gold("g2", "[[\"a\"], [\"b\"]]");
        goldRanking(g1, failing, List.of("b"), List.of("a"));
        goldRanking(g2, failing, List.of("b"), List.of("a"));
        goldRanking(g1, bob, List.of("b"), List.of("a"));
    }

    long item(String externalId, String... candidates) {
        return item(project.id(), externalId, candidates);
    }

    long item(long projectId, String externalId, String... candidates) {
        long item = data.storedItem(projectId, externalId, List.of(message("user", "Prompt " + externalId)));
        for (String candidate : candidates) {
            data.candidate(item, candidate, "m-" + candidate, "Answer " + candidate);
        }
        return item;
    }

    long gold(String externalId, String tiers) {
        return gold(project.id(), externalId, tiers, "a", "b");
    }

    long gold(long projectId, String externalId, String tiers, String... candidates) {
        long item = item(projectId, externalId, candidates);
        jdbc.sql("INSERT INTO item_gold (item_id, project_id, tiers) VALUES (?, ?, ?::jsonb)")
                .params(item, projectId, tiers)
                .update();
        return item;
    }

    /** A ranking of the person's own gold task of the item. */
    @SafeVarargs
    final void goldRanking(long item, long person, List<String>... tiers) {
        long ranking = data.ranking(item, person).tiers(tiers).insert();
        jdbc.sql("UPDATE task SET gold_for = ? FROM ranking r WHERE r.id = ? AND task.id = r.task_id")
                .params(person, ranking)
                .update();
    }

    ExportParameters prefs(String aggregation, String annotators) {
        return new ExportParameters(
                "trl", null, aggregation, null, null, null, null, null, null, annotators, null, null, null);
    }

    List<JsonNode> export(ExportKind kind, ExportParameters parameters) {
        var export = exporter.prepare(projects.get(project.id()), exporter.request(kind, parameters));
        var out = new ByteArrayOutputStream();
        try {
            exporter.stream(export, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<JsonNode> lines = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                lines.add(json.readTree(line));
            }
        }
        return lines;
    }

    /** The pairs of item {@code m}, as chosen>rejected. */
    List<String> pairsOfM(List<JsonNode> lines) {
        return lines.stream()
                .filter(l -> l.get("metadata").get("external_id").asString().equals("m"))
                .map(l -> l.get("metadata").get("chosen_id").asString() + ">"
                        + l.get("metadata").get("rejected_id").asString())
                .toList();
    }

    String who(long userId) {
        return Pseudonyms.of(pseudonyms.key(project.id()), userId);
    }

    @Test
    void trustedLeavesOutThePausedMemberAndTheOneFailingGoldWhileAllKeepsThem() {
        assertThat(pairsOfM(export(ExportKind.PREFERENCES, prefs("raw", "all"))))
                .containsExactly("a>b", "a>c", "b>c", "a>b", "a>c", "b>c", "b>a", "b>c", "a>c", "b>a", "b>c", "a>c");
        assertThat(pairsOfM(export(ExportKind.PREFERENCES, prefs("raw", null)))).hasSize(12);

        List<JsonNode> trusted = export(ExportKind.PREFERENCES, prefs("raw", "trusted"));

        assertThat(pairsOfM(trusted)).containsExactly("a>b", "a>c", "b>c", "a>b", "a>c", "b>c");
        assertThat(trusted)
                .flatMap(l -> l.get("metadata")
                        .get("annotators")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList())
                .doesNotContain(who(paused), who(failing))
                .contains(who(ann), who(bob));
    }

    @Test
    void withMajorityTheMajorityIsTakenAmongTrustedAnnotatorsOnly() {
        // everyone: a>b has 2 of 4 votes (no strict majority); trusted: 2 of 2
        List<JsonNode> all = export(ExportKind.PREFERENCES, prefs("majority", "all"));
        assertThat(pairsOfM(all)).containsExactly("a>c", "b>c");
        assertThat(all.get(0).get("metadata").get("annotator_count").asInt()).isEqualTo(4);

        List<JsonNode> trusted = export(ExportKind.PREFERENCES, prefs("majority", "trusted"));

        assertThat(pairsOfM(trusted)).containsExactly("a>b", "a>c", "b>c");
        JsonNode ab = trusted.stream()
                .filter(l -> l.get("metadata").get("external_id").asString().equals("m"))
                .findFirst()
                .orElseThrow();
        assertThat(ab.get("metadata").get("annotator_count").asInt()).isEqualTo(2);
        assertThat(ab.get("metadata").get("agreement").asDouble()).isEqualTo(1.0);
    }

    @Test
    void theMinimumOfAnnotatorsCountsTrustedAnnotatorsOnly() {
        var parameters = new ExportParameters(
                "rankings", null, null, null, null, null, null, "3", null, "trusted", null, null, null);
        assertThat(export(ExportKind.PREFERENCES, parameters)).isEmpty();
        assertThat(export(ExportKind.PREFERENCES, parameters.withAnnotators("all")))
                .extracting(l -> l.get("metadata").get("external_id").asString())
                .containsExactly("m");
    }

    @Test
    void aMemberPausedAfterTheExportsInstantIsTrustedAsOfIt() {
        var before = new ExportParameters(
                "trl",
                null,
                "raw",
                null,
                null,
                null,
                null,
                null,
                PAUSED_AT.minusSeconds(1).toString(),
                "trusted",
                null,
                null,
                null);

        List<String> pairs = pairsOfM(export(ExportKind.PREFERENCES, before));

        // the failing one still fails (their gold rankings were all before), the paused one counts
        assertThat(pairs).containsExactly("a>b", "a>c", "b>c", "a>b", "a>c", "b>c", "b>a", "b>c", "a>c");
    }

    @Test
    void goldAccuracyExactlyAtTheThresholdIsTrusted() {
        jdbc.sql("UPDATE project SET gold_threshold = 50 WHERE id = ?")
                .param(project.id())
                .update();
        long g3 = gold("g3", "[[\"a\"], [\"b\"]]");
        goldRanking(g3, failing, List.of("a"), List.of("b"));
        // failing: 1 of 3 is below 50 %; now one more right: 2 of 4 is exactly 50 %
        long g4 = gold("g4", "[[\"a\"], [\"b\"]]");
        goldRanking(g4, failing, List.of("a"), List.of("b"));

        List<String> pairs = pairsOfM(export(ExportKind.PREFERENCES, prefs("raw", "trusted")));

        assertThat(pairs).containsExactly("a>b", "a>c", "b>c", "a>b", "a>c", "b>c", "b>a", "b>c", "a>c");
    }

    @Test
    void sftLeavesOutDemonstrationsWrittenByPeopleWhoAreNotTrusted() {
        long w = item("w", "a");
        data.demonstration(w, ann, "by ann").insert();
        data.demonstration(w, paused, "by paused").insert();
        var parameters = new ExportParameters(
                "messages", "all", null, null, null, null, null, null, null, "trusted", null, null, null);

        List<String> trusted = export(ExportKind.SFT, parameters).stream()
                .map(l -> l.get("messages").get(1).get("content").asString())
                .toList();
        List<String> all = export(ExportKind.SFT, parameters.withAnnotators("all")).stream()
                .map(l -> l.get("messages").get(1).get("content").asString())
                .toList();

        assertThat(trusted).containsExactly("by ann");
        assertThat(all).containsExactly("by ann", "by paused");
    }

    @Test
    void aTrustedReviewersEditOfAPausedWritersDemonstrationIsExportedAsTheReviewers() {
        long w = item("w", "a");
        long original = data.demonstration(w, paused, "by paused").insert();
        data.edit(original, ann, "edited by ann", Instant.parse("2025-02-01T00:00:00Z"));
        long other = data.demonstration(w, ann, "by ann").insert();
        data.edit(other, paused, "edited by paused", Instant.parse("2025-02-01T00:00:00Z"));
        var parameters = new ExportParameters(
                "messages", null, null, null, null, null, null, null, null, "trusted", null, null, null);

        List<String> trusted = export(ExportKind.SFT, parameters).stream()
                .map(l -> l.get("messages").get(1).get("content").asString())
                .toList();

        assertThat(trusted).containsExactly("edited by ann");
        assertThat(export(ExportKind.SFT, parameters.withAnnotators("all")))
                .extracting(l -> l.get("messages").get(1).get("content").asString())
                .containsExactlyInAnyOrder("edited by ann", "edited by paused");
    }

    @Test
    void aSnapshotOfAProjectWithoutRankingsHasQualityNumbersWithoutValues() {
        var empty = data.project().slug("empty").create();
        long w = item(empty.id(), "w", "a");
        data.demonstration(w, ann, "by ann").insert();

        SnapshotManifest manifest = snapshots.create(
                empty.slug(),
                admin,
                ExportKind.SFT,
                new ExportParameters(
                        "messages", "all", null, null, null, null, null, null, null, "trusted", null, null, null));

        assertThat(manifest.counts().values().stream()
                        .mapToLong(Long::longValue)
                        .sum())
                .isEqualTo(1);
        assertThat(manifest.annotators().leftOut()).isZero();
        assertThat(manifest.quality().rankings()).isZero();
        assertThat(manifest.quality().agreement().withTies()).isNull();
        assertThat(manifest.quality().agreement().withTiesCi95()).isNull();
        assertThat(manifest.quality().alpha()).isNull();
        assertThat(manifest.quality().gold().accuracy()).isNull();
        assertThat(manifest.quality().goldByAnnotator()).isEmpty();
        assertThat(manifest.policies().get("annotatorPolicy"))
                .startsWith("trusted: only demonstrations written by trusted people");
    }

    @Test
    void anUnknownPolicyIsRefusedWith422NamingTheParameter() {
        assertThatThrownBy(() -> exporter.request(ExportKind.PREFERENCES, prefs("raw", "everyone")))
                .isInstanceOfSatisfying(Refusal.class, r -> {
                    assertThat(r.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_CONTENT);
                    assertThat(r.field()).isEqualTo("annotators");
                });
    }

    @Test
    void theSnapshotManifestRecordsThePolicyAndThePseudonymsOfThePeopleLeftOut() {
        SnapshotManifest trusted =
                snapshots.create(project.slug(), admin, ExportKind.PREFERENCES, prefs("majority", "trusted"));
        SnapshotManifest all = snapshots.create(project.slug(), admin, ExportKind.PREFERENCES, prefs("majority", null));

        assertThat(trusted.parameters()).containsEntry("annotators", "trusted");
        assertThat(trusted.policies().get("annotatorPolicy"))
                .startsWith("trusted: only rankings by trusted annotators")
                .contains("at least 70 % once they have 2 or more gold judgments");
        assertThat(trusted.annotators().policy()).isEqualTo("trusted");
        assertThat(trusted.annotators().leftOut()).isEqualTo(2);
        assertThat(trusted.annotators().leftOutPseudonyms())
                .containsExactlyElementsOf(
                        Stream.of(who(paused), who(failing)).sorted().toList());
        assertThat(all.parameters()).containsEntry("annotators", "all");
        assertThat(all.annotators().leftOut()).isZero();
        assertThat(all.annotators().leftOutPseudonyms()).isEmpty();
        // stored as written: read back from the database
        SnapshotManifest stored = snapshots.manifest(trusted.id(), admin);
        assertThat(stored.annotators()).isEqualTo(trusted.annotators());
        assertThat(stored.quality()).isEqualTo(trusted.quality());
    }

    /**
     * Another project: ann ranks a > b > c, bob a > c > b on one item, so they agree on 2 of 3 pairs
     * (ab, ac), none tied: agreement 2/3 with and without ties, the interval [2/3, 2/3] (one item).
     * Units a {1, 1}, b {2, 3}, c {3, 2}: o11 = 2, o23 = o32 = 2; n1 = n2 = n3 = 2, n = 6; ordinal
     * δ²12 = (4 − 2)² = 4, δ²23 = 4, δ²13 = (6 − 2)² = 16; Σ o·δ² = 16, Σ n·n·δ² = 192, so α = 1 − 5 ·
     * 16 / 192 = 7/12. Gold (docs/quality.md): ann ranks b > a > c against gold b > a = c (2 of 3),
     * bob x > y as gold (1 of 1): pooled 3/4 with Wilson [0.3006, 0.9544].
     */
    @Test
    void theSnapshotManifestCarriesTheQualityNumbersAtItsInstant() {
        var small = data.project().slug("small").create();
        long annSmall = data.user().id();
        long bobSmall = data.user().id();
        long item = item(small.id(), "q", "a", "b", "c");
        data.ranking(item, annSmall)
                .tiers(List.of("a"), List.of("b"), List.of("c"))
                .insert();
        data.ranking(item, bobSmall)
                .tiers(List.of("a"), List.of("c"), List.of("b"))
                .insert();
        long g = gold(small.id(), "g", "[[\"b\"], [\"a\", \"c\"]]", "a", "b", "c");
        goldRanking(g, annSmall, List.of("b"), List.of("a"), List.of("c"));
        long h = gold(small.id(), "h", "[[\"x\"], [\"y\"]]", "x", "y");
        goldRanking(h, bobSmall, List.of("x"), List.of("y"));

        SnapshotManifest manifest =
                snapshots.create(small.slug(), admin, ExportKind.PREFERENCES, prefs("raw", "trusted"));

        SnapshotQuality q = manifest.quality();
        assertThat(q.asOf()).isEqualTo(manifest.asOf());
        assertThat(q.rankings()).isEqualTo(4);
        assertThat(q.items()).isEqualTo(3);
        assertThat(q.agreement().comparisons()).isEqualTo(3);
        assertThat(q.agreement().withTies()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(q.agreement().withTiesCi95()).containsExactly(2.0 / 3, 2.0 / 3);
        assertThat(q.agreement().strictComparisons()).isEqualTo(3);
        assertThat(q.agreement().withoutTies()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(q.agreement().withoutTiesCi95()).containsExactly(2.0 / 3, 2.0 / 3);
        assertThat(q.alpha()).isCloseTo(7.0 / 12, within(1e-12));
        assertThat(q.gold().judgments()).isEqualTo(2);
        assertThat(q.gold().pairs()).isEqualTo(4);
        assertThat(q.gold().agreed()).isEqualTo(3);
        assertThat(q.gold().accuracy()).isEqualTo(0.75);
        assertThat(q.gold().ci95().get(0)).isCloseTo(0.3006, within(1e-4));
        assertThat(q.gold().ci95().get(1)).isCloseTo(0.9544, within(1e-4));
        byte[] key = pseudonyms.key(small.id());
        assertThat(q.goldByAnnotator())
                .extracting(SnapshotQuality.AnnotatorGold::annotator)
                .containsExactlyElementsOf(Stream.of(Pseudonyms.of(key, annSmall), Pseudonyms.of(key, bobSmall))
                        .sorted()
                        .toList());
        SnapshotQuality.Gold annGold = q.goldByAnnotator().stream()
                .filter(a -> a.annotator().equals(Pseudonyms.of(key, annSmall)))
                .findFirst()
                .orElseThrow()
                .gold();
        assertThat(annGold.judgments()).isEqualTo(1);
        assertThat(annGold.agreed()).isEqualTo(2);
        assertThat(annGold.pairs()).isEqualTo(3);
        assertThat(annGold.accuracy()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(manifest.annotators().leftOut()).isZero();
    }

    @Test
    void theManifestsQualityIsThatOfItsInstantNotOfLaterRankings() {
        Instant asOf = Instant.parse("2025-03-01T00:00:00Z");
        long later = item("later", "a", "b");
        data.ranking(later, ann)
                .tiers(List.of("b"), List.of("a"))
                .at(Instant.parse("2025-04-01T00:00:00Z"))
                .insert();
        data.ranking(later, bob)
                .tiers(List.of("a"), List.of("b"))
                .at(Instant.parse("2025-04-01T00:00:00Z"))
                .insert();
        var parameters = new ExportParameters(
                "trl", null, "raw", null, null, null, null, null, asOf.toString(), null, null, null, null);

        SnapshotManifest manifest = snapshots.create(project.slug(), admin, ExportKind.PREFERENCES, parameters);

        // item m's 4 rankings and the 3 gold ones; the two of April are not counted
        assertThat(manifest.quality().rankings()).isEqualTo(7);
        assertThat(manifest.quality().asOf()).isEqualTo(asOf);
    }
}
