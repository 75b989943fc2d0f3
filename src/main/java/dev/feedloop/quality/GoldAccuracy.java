package dev.feedloop.quality;

import java.util.List;

/**
 * An annotator's agreement with gold answers: over every gold item they ranked, every pair of
 * candidates the gold answer places, whether their verdict (first better, tie, second better) is the
 * gold one. Ties count as verdicts. A pair the annotator's ranking does not place (a "none
 * acceptable" ranking places none) counts as a disagreement.
 *
 * @param judgments gold rankings counted
 * @param agreed gold pairs on which the annotator's verdict equals the gold one
 * @param pairs gold pairs compared
 * @param interval the Wilson 95 % interval of {@code agreed / pairs} ({@code NaN} bounds without pairs)
 */
public record GoldAccuracy(int judgments, long agreed, long pairs, Interval interval) {

    /** Nothing judged yet. */
    public static final GoldAccuracy NONE = new GoldAccuracy(0, 0, 0, Interval.wilson(0, 0));

    /** One gold ranking: the gold answer's tiers and the annotator's, best first. */
    public record Judgment(List<List<String>> gold, List<List<String>> given) {}

    /** The accuracy over these judgments. */
    public static GoldAccuracy of(List<Judgment> judgments) {
        long agreed = 0;
        long pairs = 0;
        for (Judgment judgment : judgments) {
            List<String> placed = judgment.gold().stream().flatMap(List::stream).toList();
            TierPositions gold = TierPositions.of(judgment.gold());
            TierPositions given = TierPositions.of(judgment.given());
            for (int i = 0; i < placed.size(); i++) {
                for (int j = i + 1; j < placed.size(); j++) {
                    String first = placed.get(i);
                    String second = placed.get(j);
                    pairs++;
                    if (given.verdict(first, second).equals(gold.verdict(first, second))) {
                        agreed++;
                    }
                }
            }
        }
        return new GoldAccuracy(judgments.size(), agreed, pairs, Interval.wilson(agreed, pairs));
    }

    /** The accuracy of several annotators together: their judgments, agreed pairs and pairs summed. */
    public static GoldAccuracy pooled(java.util.Collection<GoldAccuracy> accuracies) {
        int judgments = 0;
        long agreed = 0;
        long pairs = 0;
        for (GoldAccuracy accuracy : accuracies) {
            judgments += accuracy.judgments();
            agreed += accuracy.agreed();
            pairs += accuracy.pairs();
        }
        return new GoldAccuracy(judgments, agreed, pairs, Interval.wilson(agreed, pairs));
    }

    /** {@code agreed / pairs}, or {@code NaN} without pairs. */
    public double accuracy() {
        return pairs == 0 ? Double.NaN : (double) agreed / pairs;
    }
}
