package dev.feedloop.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worked example of docs/quality.md, "A judge measured against humans", counted by hand. */
class JudgeAgreementTest {

    static final Map<String, Integer> LENGTHS = Map.of("a", 30, "b", 10, "c", 20);

    static JudgeAgreement.Item example() {
        return new JudgeAgreement.Item(
                1,
                List.of("a", "b", "c"),
                List.of(
                        Judgment.ranked(1, 11, List.of(List.of("a"), List.of("b"), List.of("c"))),
                        Judgment.ranked(1, 12, List.of(List.of("a", "b"), List.of("c")))),
                List.of(List.of("b"), List.of("a"), List.of("c")),
                List.of(List.of("a"), List.of("b"), List.of("c")),
                LENGTHS);
    }

    @Test
    void theWorkedExample() {
        JudgeAgreement.Result result = JudgeAgreement.of(List.of(example()));

        assertThat(result.items()).isEqualTo(1);
        // forward vs h1 3/2, vs h2 3/2; reversed vs h1 3/3, vs h2 3/2
        assertThat(result.judgeHuman()).isEqualTo(new PairwiseAgreement.Counts(12, 9, 10, 9));
        assertThat(result.judgeHuman().withTies()).isEqualTo(0.75);
        assertThat(result.judgeHuman().withoutTies()).isEqualTo(0.9);
        assertThat(result.humanHuman()).isEqualTo(new PairwiseAgreement.Counts(3, 2, 2, 2));
        // longest first: a (30) > c (20) > b (10)
        assertThat(result.longerWins()).isEqualTo(new PairwiseAgreement.Counts(6, 3, 5, 3));
        assertThat(result.bothOrders()).isEqualTo(1);
        assertThat(result.consistentItems()).isZero();
        assertThat(result.orderedPairs()).isEqualTo(3);
        assertThat(result.consistentPairs()).isEqualTo(2);
        assertThat(result.pairConsistency()).isCloseTo(2.0 / 3, within(1e-12));
        // judge (combined): a–b tie (the orders disagree), a–c first, b–c first; majority the same
        assertThat(result.kappaPairs()).isEqualTo(3);
        assertThat(result.kappa()).isEqualTo(1.0);
    }

    @Test
    void kappaCountsTheCombinedVerdictAgainstTheMajority() {
        // two items of two candidates: the judge says first better on both, in both orders; people
        // say first better on one, second better on the other: po 1/2, pe (1 · 1/2) = 1/2, kappa 0
        JudgeAgreement.Item agree = new JudgeAgreement.Item(
                1,
                List.of("a", "b"),
                List.of(Judgment.ranked(1, 11, List.of(List.of("a"), List.of("b")))),
                List.of(List.of("a"), List.of("b")),
                List.of(List.of("a"), List.of("b")),
                Map.of("a", 1, "b", 2));
        JudgeAgreement.Item disagree = new JudgeAgreement.Item(
                2,
                List.of("a", "b"),
                List.of(Judgment.ranked(2, 11, List.of(List.of("b"), List.of("a")))),
                List.of(List.of("a"), List.of("b")),
                null,
                Map.of("a", 1, "b", 2));

        JudgeAgreement.Result result = JudgeAgreement.of(List.of(agree, disagree));

        assertThat(result.kappaPairs()).isEqualTo(2);
        assertThat(result.kappa()).isCloseTo(0.0, within(1e-12));
        assertThat(result.bothOrders()).as("the second item has one order only").isEqualTo(1);
        assertThat(result.itemConsistency()).isEqualTo(1.0);
        assertThat(result.longerWins())
                .as("b is longer on both; people preferred it once")
                .isEqualTo(new PairwiseAgreement.Counts(2, 1, 2, 1));
    }

    @Test
    void itemsWithoutPeoplesRankingsOrWithNoneAcceptableDoNotCount() {
        JudgeAgreement.Item unranked = new JudgeAgreement.Item(
                3,
                List.of("a", "b"),
                List.of(new Judgment(3, 11, List.of(), true)),
                List.of(List.of("a"), List.of("b")),
                List.of(List.of("b"), List.of("a")),
                Map.of());

        JudgeAgreement.Result result = JudgeAgreement.of(List.of(unranked));

        assertThat(result.items()).isZero();
        assertThat(result.judgeHuman().comparisons()).isZero();
        assertThat(result.kappa()).isNaN();
        assertThat(result.itemConsistency()).isNaN();
    }

    @Test
    void aTieForTheMostVotesIsATie() {
        List<TierPositions> people = List.of(
                TierPositions.of(List.of(List.of("a"), List.of("b"))),
                TierPositions.of(List.of(List.of("b"), List.of("a"))),
                TierPositions.of(List.of(List.of("a", "b"))));
        assertThat(JudgeAgreement.majority(people, "a", "b")).isEqualTo(Verdict.TIE);
        assertThat(JudgeAgreement.majority(people.subList(0, 1), "a", "b")).isEqualTo(Verdict.FIRST_BETTER);
        assertThat(JudgeAgreement.combined(Verdict.FIRST_BETTER, Verdict.SECOND_BETTER))
                .isEqualTo(Verdict.TIE);
        assertThat(JudgeAgreement.combined(null, Verdict.SECOND_BETTER)).isEqualTo(Verdict.SECOND_BETTER);
    }

    /** Two candidates, one person; rankings written best first, "=" ties ("a>b", "a=b", "b>a"). */
    static JudgeAgreement.Item twoCandidates(long id, String human, String forward, String reversed) {
        return new JudgeAgreement.Item(
                id,
                List.of("a", "b"),
                List.of(Judgment.ranked(id, 11, tiers(human))),
                tiers(forward),
                tiers(reversed),
                Map.of("a", 2, "b", 1));
    }

    static List<List<String>> tiers(String ranking) {
        return ranking.contains("=")
                ? List.of(List.of(ranking.split("=")))
                : List.of(ranking.split(">")).stream().map(List::of).toList();
    }

    /** Five kinds of item: agreeing, disagreeing, changing its mind, agreeing the other way, over a tie. */
    static List<JudgeAgreement.Item> varied(int times) {
        String[][] kinds = {
            {"a>b", "a>b", "a>b"},
            {"a>b", "b>a", "b>a"},
            {"a>b", "a>b", "b>a"},
            {"b>a", "b>a", "b>a"},
            {"a=b", "a>b", "a>b"}
        };
        List<JudgeAgreement.Item> items = new java.util.ArrayList<>();
        for (int t = 0; t < times; t++) {
            for (String[] kind : kinds) {
                items.add(twoCandidates(items.size() + 1, kind[0], kind[1], kind[2]));
            }
        }
        return items;
    }

    static List<Interval> all(JudgeAgreement.Intervals ci95) {
        return List.of(
                ci95.judgeHumanWithTies(),
                ci95.judgeHumanWithoutTies(),
                ci95.kappa(),
                ci95.itemConsistency(),
                ci95.pairConsistency());
    }

    static List<Double> points(JudgeAgreement.Result r) {
        return List.of(
                r.judgeHuman().withTies(),
                r.judgeHuman().withoutTies(),
                r.kappa(),
                r.itemConsistency(),
                r.pairConsistency());
    }

    @Test
    void everyMeasureOfTheJudgeHasAnIntervalAroundItsValue() {
        JudgeAgreement.Result result = JudgeAgreement.of(varied(4));

        // forward: 3 of 5 kinds agree with the person; reversed 2 of 5
        assertThat(result.judgeHuman().withTies()).isEqualTo(0.5);
        assertThat(result.itemConsistency()).isEqualTo(0.8);
        List<Interval> intervals = all(result.intervals());
        List<Double> points = points(result);
        for (int i = 0; i < intervals.size(); i++) {
            Interval ci95 = intervals.get(i);
            assertThat(ci95.contains(points.get(i)))
                    .as("measure %d: %s holds %s", i, ci95, points.get(i))
                    .isTrue();
            assertThat(ci95.upper())
                    .as("measure %d varies between resamples", i)
                    .isGreaterThan(ci95.lower());
        }
    }

    @Test
    void theSameItemsAndSeedGiveTheSameIntervals() {
        JudgeAgreement.Result once = JudgeAgreement.of(varied(4), 1_000, 7);
        JudgeAgreement.Result again = JudgeAgreement.of(varied(4), 1_000, 7);
        JudgeAgreement.Result otherSeed = JudgeAgreement.of(varied(4), 1_000, 123_456_789);

        assertThat(again.intervals()).isEqualTo(once.intervals());
        assertThat(otherSeed.intervals()).isNotEqualTo(once.intervals());
        assertThat(JudgeAgreement.of(varied(4)).intervals())
                .isEqualTo(JudgeAgreement.of(
                                varied(4), PairwiseAgreement.DEFAULT_RESAMPLES, PairwiseAgreement.DEFAULT_SEED)
                        .intervals());
    }

    @Test
    void moreItemsGiveNarrowerIntervals() {
        List<Interval> few = all(JudgeAgreement.of(varied(2)).intervals());
        List<Interval> many = all(JudgeAgreement.of(varied(20)).intervals());

        for (int i = 0; i < few.size(); i++) {
            double fewWidth = few.get(i).upper() - few.get(i).lower();
            double manyWidth = many.get(i).upper() - many.get(i).lower();
            assertThat(manyWidth)
                    .as("measure %d: %s within %s", i, many.get(i), few.get(i))
                    .isLessThan(fewWidth / 2);
        }
    }

    @Test
    void withoutItemsOrResamplesThereIsNoInterval() {
        assertThat(JudgeAgreement.of(List.of()).intervals()).isEqualTo(JudgeAgreement.Intervals.UNKNOWN);
        assertThat(JudgeAgreement.of(varied(1), 0, 1).intervals()).isEqualTo(JudgeAgreement.Intervals.UNKNOWN);
    }
}
