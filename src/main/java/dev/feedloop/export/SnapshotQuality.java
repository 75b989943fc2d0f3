package dev.feedloop.export;

import dev.feedloop.quality.GoldAccuracy;
import dev.feedloop.quality.Interval;
import dev.feedloop.quality.QualityReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The quality numbers of a project's rankings true at a snapshot's instant, as the quality module
 * computes them (docs/quality.md), over all the project's rankings whatever the snapshot's policies.
 * Shares and coefficients are {@code null} when there was nothing to compute them from; intervals
 * are {@code [lower, upper]} or {@code null}.
 *
 * @param asOf the instant (the snapshot's)
 * @param rankings rankings counted (one per annotator and item), "none acceptable" ones included
 * @param items items with at least one counted ranking
 * @param agreement pooled pairwise agreement with and without ties, with bootstrap 95 % intervals
 * @param alpha Krippendorff's alpha (ordinal) of the tier positions
 * @param gold gold accuracy pooled over every annotator's gold rankings up to the instant
 * @param goldByAnnotator each annotator with gold rankings, by pseudonym (as in the files)
 */
public record SnapshotQuality(
        Instant asOf,
        long rankings,
        long items,
        Agreement agreement,
        Double alpha,
        Gold gold,
        List<AnnotatorGold> goldByAnnotator) {

    /**
     * @param comparisons verdict pairs compared, ties included
     * @param strictComparisons verdict pairs neither annotator tied
     */
    public record Agreement(
            long comparisons,
            Double withTies,
            List<Double> withTiesCi95,
            long strictComparisons,
            Double withoutTies,
            List<Double> withoutTiesCi95) {}

    /**
     * Gold accuracy: {@code agreed} of {@code pairs} gold candidate pairs over {@code judgments} gold
     * rankings, with the Wilson 95 % interval.
     */
    public record Gold(int judgments, long pairs, long agreed, Double accuracy, List<Double> ci95) {

        static Gold of(GoldAccuracy accuracy) {
            return new Gold(
                    accuracy.judgments(),
                    accuracy.pairs(),
                    accuracy.agreed(),
                    number(accuracy.accuracy()),
                    interval(accuracy.interval()));
        }
    }

    /** One annotator's gold accuracy over all their gold rankings up to the instant. */
    public record AnnotatorGold(String annotator, Gold gold) {}

    /** The numbers of {@code report}, with gold accuracy by user id named by {@code pseudonym}. */
    static SnapshotQuality of(QualityReport report, Map<Long, GoldAccuracy> gold, LongFunction<String> pseudonym) {
        QualityReport.Agreement a = report.agreement();
        List<AnnotatorGold> byAnnotator = new ArrayList<>(gold.size());
        gold.forEach(
                (userId, accuracy) -> byAnnotator.add(new AnnotatorGold(pseudonym.apply(userId), Gold.of(accuracy))));
        byAnnotator.sort(java.util.Comparator.comparing(AnnotatorGold::annotator));
        return new SnapshotQuality(
                report.asOf(),
                report.rankings(),
                report.items(),
                new Agreement(
                        a.comparisons(),
                        number(a.withTies()),
                        interval(a.withTiesCi95()),
                        a.strictComparisons(),
                        number(a.withoutTies()),
                        interval(a.withoutTiesCi95())),
                number(report.alpha()),
                Gold.of(GoldAccuracy.pooled(gold.values())),
                List.copyOf(byAnnotator));
    }

    /** NaN as null: JSON has no NaN. */
    private static Double number(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private static List<Double> interval(Interval interval) {
        return Double.isNaN(interval.lower()) ? null : List.of(interval.lower(), interval.upper());
    }
}
