package dev.feedloop.quality.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The quality API on rankings drawn from known model strengths: leaderboard order and intervals,
 * {@code asOf}, slices, the agreement report on the documented example, an item's rankings side by
 * side, who may read them, and refused parameters.
 */
@IntegrationTest
class QualityApiTests {

    /** True ratings of model-a … model-d (mean 1000, the leaderboard's scale). */
    static final double[] TRUE_RATINGS = {1200, 1066.7, 933.3, 800};

    static final String[] CANDIDATES = {"a", "b", "c", "d"};
    static final Instant EARLY = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant LATE = Instant.parse("2025-06-01T00:00:00Z");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    @Autowired
    ApiTokens tokens;

    TestProject project;
    Person reviewer;
    List<Person> annotators;

    @BeforeEach
    void setUp() {
        project = data.project().rankings(3).create();
        reviewer = data.peopleWithTokens(project, 1, "REVIEWER").get(0);
        annotators = data.peopleWithTokens(project, 3, "ANNOTATOR");
    }

    /**
     * 120 items of 4 candidates (models model-a … model-d), each ranked by the 3 annotators: 360
     * rankings drawn from the Plackett–Luce model with strengths 10^(rating/400), under which each
     * pair is ordered as Bradley–Terry says. Items q-1 … q-60 are {@code category: math} ranked early
     * under guideline version 1; q-61 … q-120 are {@code category: code} ranked late under version 2,
     * with the strengths reversed.
     */
    void seedFromKnownStrengths() {
        data.items(project, "q", 120, 4);
        jdbc.sql("""
                        UPDATE item SET metadata = jsonb_build_object('category',
                            CASE WHEN split_part(external_id, '-', 2)::int <= 60 THEN 'math' ELSE 'code' END)
                        WHERE project_id = ?
                        """).param(project.id()).update();
        List<Long> items = jdbc.sql(
                        "SELECT id FROM item WHERE project_id = ? ORDER BY split_part(external_id, '-', 2)::int")
                .param(project.id())
                .query(Long.class)
                .list();
        Random random = new Random(7);
        for (int i = 0; i < items.size(); i++) {
            boolean code = i >= 60;
            for (Person annotator : annotators) {
                List<String> order = drawRanking(random, code);
                data.ranking(items.get(i), annotator.id())
                        .tiers(order.stream().map(List::of).toArray(List[]::new))
                        .displayed(CANDIDATES)
                        .guidelineVersion(code ? 2 : 1)
                        .at((code ? LATE : EARLY).plusSeconds(i))
                        .insert();
            }
        }
    }

    /** A Plackett–Luce draw: best first, each next candidate with probability proportional to strength. */
    static List<String> drawRanking(Random random, boolean reversed) {
        List<Integer> left = new ArrayList<>(List.of(0, 1, 2, 3));
        List<String> order = new ArrayList<>();
        while (!left.isEmpty()) {
            double[] strengths = left.stream()
                    .mapToDouble(c -> Math.pow(10, TRUE_RATINGS[reversed ? 3 - c : c] / 400))
                    .toArray();
            double u = random.nextDouble() * Arrays.stream(strengths).sum();
            int pick = 0;
            while (pick < strengths.length - 1 && (u -= strengths[pick]) > 0) {
                pick++;
            }
            order.add(CANDIDATES[left.remove(pick)]);
        }
        return order;
    }

    @Test
    void leaderboardOfTheMathItemsFindsTheTrueOrderAndEveryIntervalHoldsTheTrueRating() {
        seedFromKnownStrengths();

        JsonNode board = ok(get("/leaderboard?metadataKey=category&metadataValue=math", reviewer.token()));

        assertThat(models(board)).containsExactly("model-a", "model-b", "model-c", "model-d");
        for (JsonNode line : board) {
            int model = line.get("model").asString().charAt(6) - 'a';
            double lower = line.get("ci95").get(0).asDouble();
            double upper = line.get("ci95").get(1).asDouble();
            assertThat(TRUE_RATINGS[model]).as(line.toString()).isBetween(lower, upper);
            assertThat(line.get("rating").asDouble()).isBetween(lower, upper);
            // 180 rankings of 4 candidates: every model meets the 3 others in each
            assertThat(line.get("battles").asLong()).isEqualTo(180 * 3);
            assertThat(line.get("wins").asLong()
                            + line.get("ties").asLong()
                            + line.get("losses").asLong())
                    .isEqualTo(180 * 3);
            assertThat(line.get("ties").asLong()).isZero();
        }
        assertThat(board.get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(board.get(3).get("rank").asInt()).isGreaterThan(1);
    }

    @Test
    void slicesAndAsOfSelectTheirRankings() {
        seedFromKnownStrengths();

        assertThat(models(ok(get("/leaderboard?metadataKey=category&metadataValue=code", reviewer.token()))))
                .containsExactly("model-d", "model-c", "model-b", "model-a");
        JsonNode version2 = ok(get("/leaderboard/battles?guidelineVersion=2", reviewer.token()));
        assertThat(version2.get("rankings").asLong()).isEqualTo(180);
        assertThat(version2.get("models").get(0).asString()).isEqualTo("model-d");
        assertThat(version2.get("slice").get("guidelineVersion").asInt()).isEqualTo(2);
        JsonNode early = ok(get("/leaderboard/battles?asOf=2025-03-01T00:00:00Z", reviewer.token()));
        assertThat(early.get("rankings").asLong()).isEqualTo(180);
        assertThat(early.get("models").get(0).asString()).isEqualTo("model-a");
        assertThat(early.get("battles").get(0).get(1).asLong()).isEqualTo(180);
        assertThat(early.get("positionBias")).hasSize(4);
        JsonNode all = ok(get("/leaderboard/battles", reviewer.token()));
        assertThat(all.get("rankings").asLong()).isEqualTo(360);

        JsonNode quality = ok(mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/quality")
                .param("asOf", "2025-03-01T00:00:00+01:00")
                .header("Authorization", "Bearer " + reviewer.token())
                .exchange());
        assertThat(quality.get("rankings").asLong()).isEqualTo(180);
        assertThat(quality.get("items").asLong()).isEqualTo(60);
        assertThat(quality.get("asOf").asString()).isEqualTo("2025-02-28T23:00:00Z");
        assertThat(ok(get("/quality", reviewer.token())).get("rankings").asLong())
                .isEqualTo(360);
        // a ranking added after a report was computed is counted by the next one
        long extra = jdbc.sql("SELECT id FROM item WHERE project_id = ? AND external_id = 'q-1'")
                .param(project.id())
                .query(Long.class)
                .single();
        data.ranking(extra, reviewer.id())
                .tiers(List.of("a"), List.of("b", "c", "d"))
                .at(EARLY)
                .insert();
        assertThat(ok(get("/quality?asOf=2025-03-01T00:00:00Z", reviewer.token()))
                        .get("rankings")
                        .asLong())
                .isEqualTo(181);
    }

    /** docs/quality.md, "Pairwise agreement": the worked example through the API. */
    @Test
    void qualityReportGivesTheDocumentedAgreement() {
        long one = data.item(project, "one", 0, "a", "b", "c");
        long two = data.item(project, "two", 0, "x", "y");
        Person first = annotators.get(0);
        Person second = annotators.get(1);
        Person third = annotators.get(2);
        data.ranking(one, first.id())
                .tiers(List.of("a"), List.of("b"), List.of("c"))
                .insert();
        data.ranking(one, second.id()).tiers(List.of("a"), List.of("b", "c")).insert();
        data.ranking(one, third.id())
                .tiers(List.of("b"), List.of("a"), List.of("c"))
                .insert();
        data.ranking(two, first.id()).tiers(List.of("x"), List.of("y")).insert();
        data.ranking(two, second.id()).tiers(List.of("x"), List.of("y")).insert();
        data.ranking(two, third.id()).noneAcceptable().insert();

        JsonNode report = ok(get("/quality", reviewer.token()));

        assertThat(report.get("rankings").asLong()).isEqualTo(6);
        assertThat(report.get("items").asLong()).isEqualTo(2);
        JsonNode agreement = report.get("project");
        assertThat(agreement.get("comparisons").asLong()).isEqualTo(10);
        assertThat(agreement.get("agreement").asDouble()).isEqualTo(0.6);
        assertThat(agreement.get("strictComparisons").asLong()).isEqualTo(8);
        assertThat(agreement.get("agreementWithoutTies").asDouble()).isEqualTo(0.75);
        assertThat(agreement.get("ci95").get(0).asDouble()).isEqualTo(5.0 / 9);
        assertThat(agreement.get("ci95").get(1).asDouble()).isEqualTo(1.0);
        assertThat(report.get("alpha").isNumber()).isTrue();
        assertThat(report.get("itemsWithKendallW").asLong()).isEqualTo(2);
        JsonNode byName = byUsername(report.get("perAnnotator"));
        assertThat(byName.get(first.principal().getUsername())
                        .get("comparisons")
                        .asLong())
                .isEqualTo(7);
        assertThat(byName.get(first.principal().getUsername()).get("agreement").asDouble())
                .isEqualTo(5.0 / 7);
        assertThat(byName.get(third.principal().getUsername())
                        .get("strictComparisons")
                        .asLong())
                .isEqualTo(5);
        assertThat(byName.get(third.principal().getUsername()).get("ci95").isArray())
                .isTrue();
        JsonNode lowest = report.get("lowestItems");
        assertThat(lowest).hasSize(2);
        assertThat(lowest.get(0).get("externalId").asString()).isEqualTo("one");
        assertThat(lowest.get(0).get("agreement").asDouble()).isEqualTo(5.0 / 9);
        assertThat(lowest.get(0).get("rankings").asInt()).isEqualTo(3);
        assertThat(lowest.get(1).get("externalId").asString()).isEqualTo("two");
        assertThat(lowest.get(1).get("kendallW").asDouble()).isEqualTo(1.0);
    }

    /**
     * Agreement over time counts each comparison in the period of the later of its two rankings:
     * per day while the rankings span less than 28 days, per week (from Monday) after.
     */
    @Test
    void agreementOverTimeCountsEachComparisonInThePeriodOfItsLaterRanking() {
        long one = data.item(project, "one", 0, "a", "b");
        long two = data.item(project, "two", 0, "a", "b");
        Person first = annotators.get(0);
        Person second = annotators.get(1);
        // one: both a > b (agree), the later ranking on 2 January
        data.ranking(one, first.id())
                .tiers(List.of("a"), List.of("b"))
                .at(day("2025-01-01"))
                .insert();
        data.ranking(one, second.id())
                .tiers(List.of("a"), List.of("b"))
                .at(day("2025-01-02"))
                .insert();
        // two: a > b against a tie (disagree, no comparison without ties), the later on 4 January
        data.ranking(two, first.id())
                .tiers(List.of("a"), List.of("b"))
                .at(day("2025-01-02"))
                .insert();
        data.ranking(two, second.id())
                .tiers(List.of("a", "b"))
                .at(day("2025-01-04"))
                .insert();

        JsonNode daily = ok(get("/quality", reviewer.token()));

        assertThat(daily.get("overTimeUnit").asString()).isEqualTo("day");
        assertThat(daily.get("overTime").toString())
                .isEqualTo("[{\"start\":\"2025-01-02\",\"comparisons\":1,\"agreement\":1.0,"
                        + "\"strictComparisons\":1,\"agreementWithoutTies\":1.0},"
                        + "{\"start\":\"2025-01-03\",\"comparisons\":0,\"agreement\":null,"
                        + "\"strictComparisons\":0,\"agreementWithoutTies\":null},"
                        + "{\"start\":\"2025-01-04\",\"comparisons\":1,\"agreement\":0.0,"
                        + "\"strictComparisons\":0,\"agreementWithoutTies\":null}]");

        // three: x > y against y > x on Monday 10 and Wednesday 12 February: now weeks
        long three = data.item(project, "three", 0, "x", "y");
        data.ranking(three, first.id())
                .tiers(List.of("x"), List.of("y"))
                .at(day("2025-02-10"))
                .insert();
        data.ranking(three, second.id())
                .tiers(List.of("y"), List.of("x"))
                .at(day("2025-02-12"))
                .insert();

        JsonNode weekly = ok(get("/quality", reviewer.token()));

        assertThat(weekly.get("overTimeUnit").asString()).isEqualTo("week");
        JsonNode weeks = weekly.get("overTime");
        // Thursday 2 and Saturday 4 January are in the week from Monday 30 December
        assertThat(weeks).hasSize(7);
        assertThat(weeks.get(0).get("start").asString()).isEqualTo("2024-12-30");
        assertThat(weeks.get(0).get("comparisons").asLong()).isEqualTo(2);
        assertThat(weeks.get(0).get("agreement").asDouble()).isEqualTo(0.5);
        assertThat(weeks.get(0).get("agreementWithoutTies").asDouble()).isEqualTo(1.0);
        assertThat(weeks.get(1).get("comparisons").asLong()).isZero();
        assertThat(weeks.get(6).get("start").asString()).isEqualTo("2025-02-10");
        assertThat(weeks.get(6).get("agreement").asDouble()).isEqualTo(0.0);
        long sum = 0;
        for (JsonNode week : weeks) {
            sum += week.get("comparisons").asLong();
        }
        assertThat(sum).isEqualTo(weekly.get("project").get("comparisons").asLong());
        // as of 3 January only item one's comparison counts
        JsonNode early = ok(get("/quality?asOf=2025-01-03T00:00:00Z", reviewer.token()));
        assertThat(early.get("overTime")).hasSize(1);
        assertThat(early.get("overTime").get(0).get("start").asString()).isEqualTo("2025-01-02");
    }

    private static Instant day(String date) {
        return Instant.parse(date + "T12:00:00Z");
    }

    @Test
    void anAnnotatorsNewerRankingOfAnItemReplacesTheOlderInTheMeasures() {
        long item = data.item(project, "again", 0, "a", "b");
        Person first = annotators.get(0);
        data.ranking(item, first.id())
                .tiers(List.of("a"), List.of("b"))
                .at(EARLY)
                .insert();
        data.ranking(item, annotators.get(1).id())
                .tiers(List.of("b"), List.of("a"))
                .at(EARLY)
                .insert();
        assertThat(ok(get("/quality", reviewer.token()))
                        .get("project")
                        .get("agreement")
                        .asDouble())
                .isEqualTo(0.0);

        data.ranking(item, first.id())
                .tiers(List.of("b"), List.of("a"))
                .at(LATE)
                .insert();

        JsonNode report = ok(get("/quality", reviewer.token()));
        assertThat(report.get("rankings").asLong()).isEqualTo(2);
        assertThat(report.get("project").get("comparisons").asLong()).isEqualTo(1);
        assertThat(report.get("project").get("agreement").asDouble()).isEqualTo(1.0);
        JsonNode before = ok(get("/quality?asOf=2025-03-01T00:00:00Z", reviewer.token()));
        assertThat(before.get("project").get("agreement").asDouble()).isEqualTo(0.0);
        assertThat(ok(get("/items/again/judgments", reviewer.token())).get("rankings"))
                .hasSize(3);
    }

    /**
     * A ranking that becomes visible after one with a higher id (its transaction committed later) is
     * still counted: the kept rankings are read again when their number does not add up.
     */
    @Test
    void aRankingCommittedAfterOneWithAHigherIdIsCounted() {
        long item = data.item(project, "late", 0, "a", "b");
        data.ranking(item, annotators.get(0).id())
                .tiers(List.of("a"), List.of("b"))
                .at(EARLY)
                .insert();
        copyRanking(1000, annotators.get(1).id(), "[[\"b\"], [\"a\"]]");
        assertThat(ok(get("/quality", reviewer.token())).get("rankings").asLong())
                .isEqualTo(2);

        copyRanking(500, annotators.get(2).id(), "[[\"a\"], [\"b\"]]");

        JsonNode report = ok(get("/quality", reviewer.token()));
        assertThat(report.get("rankings").asLong()).isEqualTo(3);
        assertThat(report.get("project").get("comparisons").asLong()).isEqualTo(3);
        assertThat(ok(get("/leaderboard/battles", reviewer.token()))
                        .get("rankings")
                        .asLong())
                .isEqualTo(3);
    }

    /** A copy of the first ranking with its own id, annotator and tiers, as if stored by another server. */
    private void copyRanking(long id, long annotatorId, String tiers) {
        jdbc.sql("""
                        INSERT INTO ranking (id, task_id, item_id, project_id, annotator_id, tiers, displayed_order,
                                             guideline_version, submitted_at)
                        OVERRIDING SYSTEM VALUE
                        SELECT ?, task_id, item_id, project_id, ?, ?::jsonb, displayed_order, guideline_version,
                               submitted_at
                        FROM ranking WHERE project_id = ? ORDER BY id LIMIT 1
                        """).params(id, annotatorId, tiers, project.id()).update();
    }

    @Test
    void judgmentsShowEveryRankingOfTheItemSideBySide() {
        long item = data.item(project, "side", 0, "a", "b", "c");
        data.ranking(item, annotators.get(0).id())
                .tiers(List.of("b"), List.of("a", "c"))
                .displayed("c", "a", "b")
                .rating("b", "helpfulness", 6)
                .flag("c", "hallucination")
                .rationale("b answers the question")
                .at(EARLY)
                .insert();
        data.ranking(item, annotators.get(1).id()).noneAcceptable().at(LATE).insert();

        JsonNode judgments = ok(get("/items/side/judgments", reviewer.token()));

        assertThat(judgments.get("externalId").asString()).isEqualTo("side");
        JsonNode candidates = judgments.get("candidates");
        assertThat(candidates.get(0).get("externalId").asString()).isEqualTo("a");
        assertThat(candidates.get(0).get("model").asString()).isEqualTo("model-a");
        assertThat(candidates.get(0).get("positions").get(0).asInt()).isEqualTo(2);
        assertThat(candidates.get(0).get("positions").get(1).isNull()).isTrue();
        assertThat(candidates.get(1).get("positions").get(0).asInt()).isEqualTo(1);
        JsonNode rankings = judgments.get("rankings");
        assertThat(rankings).hasSize(2);
        JsonNode ranked = rankings.get(0);
        assertThat(ranked.get("annotator").asString())
                .isEqualTo(annotators.get(0).principal().getUsername());
        assertThat(ranked.get("tiers").toString()).isEqualTo("[[\"b\"],[\"a\",\"c\"]]");
        assertThat(ranked.get("displayedOrder").toString()).isEqualTo("[\"c\",\"a\",\"b\"]");
        assertThat(ranked.get("ratings").get("b").get("helpfulness").asInt()).isEqualTo(6);
        assertThat(ranked.get("flags").get("c").get(0).asString()).isEqualTo("hallucination");
        assertThat(ranked.get("rationale").asString()).isEqualTo("b answers the question");
        assertThat(ranked.get("guidelineVersion").asInt()).isEqualTo(1);
        assertThat(ranked.get("submittedAt").asString()).isEqualTo("2025-01-01T00:00:00Z");
        assertThat(rankings.get(1).get("noneAcceptable").asBoolean()).isTrue();

        assertThat(get("/items/nope/judgments", reviewer.token())).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void onlyAdministratorsAndTheProjectsReviewersMayRead() {
        data.item(project, "one", 0, "a", "b");
        String admin = tokens.create(data.admin().id(), "test").token();
        TestProject other = data.project().create();
        Person otherReviewer = data.peopleWithTokens(other, 1, "REVIEWER").get(0);
        Person annotator = annotators.get(0);

        for (String path : List.of("/quality", "/leaderboard", "/leaderboard/battles", "/items/one/judgments")) {
            assertThat(get(path, admin)).as(path).hasStatus(HttpStatus.OK);
            assertThat(get(path, reviewer.token())).as(path).hasStatus(HttpStatus.OK);
            assertThat(get(path, annotator.token()))
                    .as(path)
                    .hasStatus(HttpStatus.FORBIDDEN)
                    .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(get(path, otherReviewer.token())).as(path).hasStatus(HttpStatus.NOT_FOUND);
        }
    }

    @Test
    void badParametersAreRefusedNamingTheParameter() {
        seedFromKnownStrengths();

        assertRefused("/quality?asOf=yesterday", "asOf", "'yesterday'");
        assertRefused("/leaderboard?asOf=2025-13-01T00:00:00Z", "asOf", "asOf");
        assertRefused("/leaderboard?metadataKey=category", "metadataValue", "metadataValue is required");
        assertRefused("/leaderboard?metadataValue=math", "metadataKey", "metadataKey is required");
        assertRefused("/leaderboard?metadataKey=colour&metadataValue=red", "metadataKey", "'colour'");
        assertRefused("/leaderboard?metadataKey=category&metadataValue=poetry", "metadataValue", "'poetry'");
        assertRefused("/leaderboard/battles?guidelineVersion=9", "guidelineVersion", "version 9");
        assertThat(get("/leaderboard?guidelineVersion=two", reviewer.token()))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.detail")
                .asString()
                .contains("guidelineVersion");
    }

    private void assertRefused(String path, String field, String detailPart) {
        MvcTestResult result = get(path, reviewer.token());
        assertThat(result)
                .as(path)
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = body(result);
        assertThat(problem.get("detail").asString()).as(path).contains(field).contains(detailPart);
        assertThat(problem.get("errors").get(0).get("field").asString())
                .as(path)
                .isEqualTo(field);
    }

    private static List<String> models(JsonNode board) {
        List<String> names = new ArrayList<>();
        board.forEach(line -> names.add(line.get("model").asString()));
        return names;
    }

    private JsonNode byUsername(JsonNode annotators) {
        var node = json.createObjectNode();
        annotators.forEach(a -> node.set(a.get("username").asString(), a));
        return node;
    }

    private MvcTestResult get(String path, String token) {
        return mvc.get()
                .uri("/api/v1/projects/" + project.slug() + path)
                .header("Authorization", "Bearer " + token)
                .exchange();
    }

    private JsonNode ok(MvcTestResult result) {
        assertThat(result).hasStatus(HttpStatus.OK);
        return body(result);
    }

    private JsonNode body(MvcTestResult result) {
        try {
            return json.readTree(result.getResponse().getContentAsString());
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
