package dev.feedloop.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.problems.Refusal.FieldError;
import dev.feedloop.projects.AgreementSettings;
import dev.feedloop.projects.GoldSettings;
import dev.feedloop.projects.ProjectDefinition;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.ProjectStatus;
import dev.feedloop.projects.RatingDimension;
import dev.feedloop.workqueue.api.SubmitRequest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Rank submits, read from the REST API's JSON, checked against the candidates shown and the project's settings. */
class RankingRulesTests {

    static final JsonMapper json = JsonMapper.builder().build();
    static final List<String> SHOWN = List.of("b", "a", "c");

    @Test
    void acceptsAStrictOrderWithTiesAndNormalises() {
        RankingRules.Outcome outcome = check("""
                {"tiers":[["b"],["a","c"]],"ratings":{"a":{"helpfulness":5,"harmlessness":null}},
                 "flags":{"c":["hallucination","hallucination"]},"rationale":"  b is right  "}
                """, SHOWN, project(true, false));

        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.ranked().tiers()).containsExactly(List.of("b"), List.of("a", "c"));
        assertThat(outcome.ranked().ratings()).isEqualTo(Map.of("a", Map.of("helpfulness", 5)));
        assertThat(outcome.ranked().flags()).isEqualTo(Map.of("c", List.of("hallucination")));
        assertThat(outcome.ranked().rationale()).isEqualTo("b is right");
        assertThat(outcome.ranked().noneAcceptable()).isFalse();
    }

    @Test
    void everyCandidateExactlyOnce() {
        assertThat(fields(check("{\"tiers\":[[\"b\"],[\"a\"]]}", SHOWN, project(true, false))))
                .containsExactly("tiers");
        assertThat(fields(check("{\"tiers\":[[\"b\"],[\"a\",\"b\"],[\"c\"]]}", SHOWN, project(true, false))))
                .containsExactly("tiers[1][1]");
        assertThat(fields(check("{\"tiers\":[[\"b\"],[\"a\"],[\"c\",\"z\"]]}", SHOWN, project(true, false))))
                .containsExactly("tiers[2][1]");
        assertThat(fields(check("{\"tiers\":[[\"b\"],[],[\"a\",\"c\"]]}", SHOWN, project(true, false))))
                .containsExactly("tiers[1]");
        assertThat(fields(check("{}", SHOWN, project(true, false)))).containsExactly("tiers");
    }

    @Test
    void tiesOnlyWhereTheProjectAllowsThem() {
        assertThat(fields(check("{\"tiers\":[[\"b\"],[\"a\",\"c\"]]}", SHOWN, project(false, false))))
                .containsExactly("tiers[1]");
    }

    @Test
    void noneAcceptableNeedsNoTiersButAFullOrderIfGiven() {
        RankingRules.Outcome none = check("{\"noneAcceptable\":true}", SHOWN, project(true, false));
        assertThat(none.problems()).isEmpty();
        assertThat(none.ranked().noneAcceptable()).isTrue();
        assertThat(none.ranked().tiers()).isEmpty();
        assertThat(fields(check("{\"noneAcceptable\":true,\"tiers\":[[\"a\"]]}", SHOWN, project(true, false))))
                .containsExactly("tiers");
        assertThat(fields(check(
                        "{\"noneAcceptable\":\"yes\",\"tiers\":[[\"a\",\"b\",\"c\"]]}", SHOWN, project(true, false))))
                .containsExactly("noneAcceptable");
    }

    @Test
    void ratingsOnTheProjectsDimensionsWithinRange() {
        assertThat(fields(check("""
                        {"tiers":[["a","b","c"]],"ratings":{"a":{"helpfulness":8,"style":3},"z":{"helpfulness":1},
                         "b":{"helpfulness":2.5},"c":{"truthfulness":"high"}}}
                        """, SHOWN, project(true, false))))
                .containsExactlyInAnyOrder(
                        "ratings.a.helpfulness",
                        "ratings.a.style",
                        "ratings.z",
                        "ratings.b.helpfulness",
                        "ratings.c.truthfulness");
    }

    @Test
    void flagsFromTheProjectsList() {
        assertThat(fields(check(
                        "{\"tiers\":[[\"a\",\"b\",\"c\"]],\"flags\":{\"a\":[\"boring\"],\"b\":\"harmful\"}}",
                        SHOWN,
                        project(true, false))))
                .containsExactly("flags.a", "flags.b");
    }

    @Test
    void strengthOnlyForTwoCandidatesInAStrictOrderWhenAsked() {
        List<String> two = List.of("a", "b");
        RankingRules.Outcome ok = check("{\"tiers\":[[\"b\"],[\"a\"]],\"strength\":3}", two, project(true, true));
        assertThat(ok.problems()).isEmpty();
        assertThat(ok.ranked().strength()).isEqualTo(3);

        assertThat(fields(check("{\"tiers\":[[\"b\"],[\"a\"]],\"strength\":2}", two, project(true, false))))
                .containsExactly("strength");
        assertThat(fields(check("{\"tiers\":[[\"a\",\"b\"]],\"strength\":2}", two, project(true, true))))
                .containsExactly("strength");
        assertThat(fields(check("{\"tiers\":[[\"b\"],[\"a\"]],\"strength\":4}", two, project(true, true))))
                .containsExactly("strength");
        assertThat(fields(check("{\"tiers\":[[\"b\"],[\"a\"],[\"c\"]],\"strength\":1}", SHOWN, project(true, true))))
                .containsExactly("strength");
        assertThat(check("{\"tiers\":[[\"b\"],[\"a\"]],\"strength\":null}", two, project(true, false))
                        .problems())
                .isEmpty();
    }

    private static RankingRules.Outcome check(String body, List<String> shown, ProjectSettings project) {
        ObjectNode node = (ObjectNode) json.readTree(body);
        node.put("leaseToken", UUID.randomUUID().toString());
        return RankingRules.check(SubmitRequest.read(node).asRank(), shown, project);
    }

    private static List<String> fields(RankingRules.Outcome outcome) {
        return outcome.problems().stream().map(FieldError::field).toList();
    }

    private static ProjectSettings project(boolean ties, boolean strength) {
        return new ProjectSettings(
                1,
                new ProjectDefinition(
                        "p",
                        "P",
                        "",
                        ProjectStatus.ACTIVE,
                        1,
                        3,
                        30,
                        ties,
                        List.of(
                                new RatingDimension("helpfulness", 1, 7),
                                new RatingDimension("truthfulness", 1, 7),
                                new RatingDimension("harmlessness", 1, 7)),
                        List.of("hallucination", "harmful"),
                        true,
                        strength,
                        GoldSettings.DEFAULT,
                        AgreementSettings.DEFAULT));
    }
}
