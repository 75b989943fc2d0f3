package dev.feedloop.quality;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A project's agreement measures over its rankings submitted up to {@code asOf} (docs/quality.md).
 * Shares and coefficients are {@link Double#NaN} when there was nothing to compute them from.
 *
 * @param rankings rankings counted (one per annotator and item: the newest), "none acceptable" ones
 *     included
 * @param items items with at least one counted ranking
 * @param agreement pooled pairwise agreement of the project with its bootstrap 95 % intervals
 * @param alpha Krippendorff's alpha (ordinal) of the tier positions
 * @param meanKendallW the mean of Kendall's W over the items that have one
 * @param itemsWithKendallW how many items have a W (two or more rankings with tiers)
 * @param annotators per annotator compared with someone, by username
 * @param lowestItems the {@link QualityReports#LOWEST_ITEMS} items with comparisons and the lowest
 *     agreement with ties, lowest first
 * @param periodUnit the length of the periods of {@code overTime}: days when the counted rankings
 *     span less than {@link QualityReports#DAYS_BEFORE_WEEKS} days, else weeks (Monday to Sunday, UTC)
 * @param overTime pairwise agreement per period of the later ranking's submit time of each
 *     comparison, from the first period with comparisons to the last, periods without any included
 */
public record QualityReport(
        Instant asOf,
        long rankings,
        long items,
        Agreement agreement,
        double alpha,
        double meanKendallW,
        long itemsWithKendallW,
        List<AnnotatorAgreement> annotators,
        List<ItemAgreement> lowestItems,
        PeriodUnit periodUnit,
        List<PeriodAgreement> overTime) {

    public QualityReport {
        annotators = List.copyOf(annotators);
        lowestItems = List.copyOf(lowestItems);
        overTime = List.copyOf(overTime);
    }

    /** The same measures, said to be true at {@code instant} (which selects the same rankings). */
    QualityReport at(Instant instant) {
        return new QualityReport(
                instant,
                rankings,
                items,
                agreement,
                alpha,
                meanKendallW,
                itemsWithKendallW,
                annotators,
                lowestItems,
                periodUnit,
                overTime);
    }

    /** How long the periods of agreement over time are. */
    public enum PeriodUnit {
        DAY,
        WEEK
    }

    /**
     * Pairwise agreement of the comparisons whose later ranking was submitted in one period (no
     * interval: a period's items are not a sample of the project's).
     *
     * @param start the period's first day (UTC)
     * @param comparisons verdict pairs compared (ties included); 0 in a period without comparisons,
     *     whose shares are NaN
     */
    public record PeriodAgreement(
            LocalDate start, long comparisons, double withTies, long strictComparisons, double withoutTies) {}

    /**
     * Pooled pairwise agreement.
     *
     * @param comparisons verdict pairs compared (ties included)
     * @param strictComparisons verdict pairs neither annotator tied
     */
    public record Agreement(
            long comparisons,
            double withTies,
            Interval withTiesCi95,
            long strictComparisons,
            double withoutTies,
            Interval withoutTiesCi95) {

        static Agreement of(PairwiseAgreement.Measure measure) {
            return new Agreement(
                    measure.counts().comparisons(),
                    measure.withTies(),
                    measure.withTiesCi95(),
                    measure.counts().strictComparisons(),
                    measure.withoutTies(),
                    measure.withoutTiesCi95());
        }
    }

    /** One annotator's agreement with everyone else, over every comparison they took part in. */
    public record AnnotatorAgreement(String username, Agreement agreement) {}

    /**
     * One item's agreement (no interval: see docs/quality.md).
     *
     * @param kendallW NaN with fewer than two rankings with tiers
     */
    public record ItemAgreement(
            String externalId,
            int rankings,
            long comparisons,
            double withTies,
            long strictComparisons,
            double withoutTies,
            double kendallW) {}
}
