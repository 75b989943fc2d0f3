package dev.feedloop.quality.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.feedloop.quality.Interval;
import dev.feedloop.quality.ItemJudgments;
import dev.feedloop.quality.Leaderboard;
import dev.feedloop.quality.LeaderboardSlice;
import dev.feedloop.quality.ModelLeaderboard;
import dev.feedloop.quality.QualityReport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The JSON of the quality API. Numbers that could not be computed (no comparisons, …) are null. */
final class QualityResponses {

    private QualityResponses() {}

    /** NaN as null: JSON has no NaN. */
    static Double number(double value) {
        return Double.isNaN(value) ? null : value;
    }

    /** {@code [lower, upper]}, or null when unknown. */
    static List<Double> interval(Interval interval) {
        return Double.isNaN(interval.lower()) ? null : List.of(interval.lower(), interval.upper());
    }

    record AgreementResponse(
            long comparisons,
            Double agreement,
            List<Double> ci95,
            long strictComparisons,
            Double agreementWithoutTies,
            List<Double> ci95WithoutTies) {

        static AgreementResponse of(QualityReport.Agreement a) {
            return new AgreementResponse(
                    a.comparisons(),
                    number(a.withTies()),
                    interval(a.withTiesCi95()),
                    a.strictComparisons(),
                    number(a.withoutTies()),
                    interval(a.withoutTiesCi95()));
        }
    }

    /** An annotator's agreement: the username, then the fields of {@link AgreementResponse}. */
    record AnnotatorResponse(String username, @JsonUnwrapped AgreementResponse agreement) {

        static AnnotatorResponse of(QualityReport.AnnotatorAgreement annotator) {
            return new AnnotatorResponse(annotator.username(), AgreementResponse.of(annotator.agreement()));
        }
    }

    record ItemResponse(
            String externalId,
            int rankings,
            long comparisons,
            Double agreement,
            long strictComparisons,
            Double agreementWithoutTies,
            Double kendallW) {

        static ItemResponse of(QualityReport.ItemAgreement item) {
            return new ItemResponse(
                    item.externalId(),
                    item.rankings(),
                    item.comparisons(),
                    number(item.withTies()),
                    item.strictComparisons(),
                    number(item.withoutTies()),
                    number(item.kendallW()));
        }
    }

    record QualityResponse(
            Instant asOf,
            long rankings,
            long items,
            long annotators,
            AgreementResponse project,
            Double alpha,
            Double meanKendallW,
            long itemsWithKendallW,
            List<AnnotatorResponse> perAnnotator,
            List<ItemResponse> lowestItems,
            String overTimeUnit,
            List<PeriodResponse> overTime) {

        static QualityResponse of(QualityReport report) {
            return new QualityResponse(
                    report.asOf(),
                    report.rankings(),
                    report.items(),
                    report.annotators().size(),
                    AgreementResponse.of(report.agreement()),
                    number(report.alpha()),
                    number(report.meanKendallW()),
                    report.itemsWithKendallW(),
                    report.annotators().stream().map(AnnotatorResponse::of).toList(),
                    report.lowestItems().stream().map(ItemResponse::of).toList(),
                    report.periodUnit().name().toLowerCase(java.util.Locale.ROOT),
                    report.overTime().stream().map(PeriodResponse::of).toList());
        }
    }

    /** Agreement of the comparisons whose later ranking was submitted in one day or week. */
    record PeriodResponse(
            LocalDate start, long comparisons, Double agreement, long strictComparisons, Double agreementWithoutTies) {

        static PeriodResponse of(QualityReport.PeriodAgreement period) {
            return new PeriodResponse(
                    period.start(),
                    period.comparisons(),
                    number(period.withTies()),
                    period.strictComparisons(),
                    number(period.withoutTies()));
        }
    }

    record ModelResponse(
            String model, Double rating, List<Double> ci95, int rank, long battles, long wins, long ties, long losses) {

        static ModelResponse of(Leaderboard.ModelRating m) {
            return new ModelResponse(
                    m.model(),
                    number(m.rating()),
                    interval(m.ci95()),
                    m.rank(),
                    m.battles(),
                    m.wins(),
                    m.ties(),
                    m.losses());
        }
    }

    record PositionResponse(int position, long pairs, long wins, long ties, long losses, Double winRate) {

        static PositionResponse of(Leaderboard.PositionRate p) {
            return new PositionResponse(p.position(), p.pairs(), p.wins(), p.ties(), p.losses(), number(p.winRate()));
        }
    }

    record BattlesResponse(
            Instant asOf,
            LeaderboardSlice slice,
            long rankings,
            List<String> models,
            List<List<Long>> battles,
            List<List<Double>> winRates,
            List<PositionResponse> positionBias) {

        static BattlesResponse of(ModelLeaderboard board) {
            List<List<Long>> battles = new java.util.ArrayList<>();
            List<List<Double>> winRates = new java.util.ArrayList<>();
            for (int i = 0; i < board.models().size(); i++) {
                List<Long> battleRow = new java.util.ArrayList<>();
                List<Double> rateRow = new java.util.ArrayList<>();
                for (int j = 0; j < board.models().size(); j++) {
                    battleRow.add(board.battles()[i][j]);
                    rateRow.add(number(board.winRates()[i][j]));
                }
                battles.add(battleRow);
                winRates.add(java.util.Collections.unmodifiableList(rateRow));
            }
            return new BattlesResponse(
                    board.asOf(),
                    board.slice(),
                    board.rankings(),
                    board.models().stream().map(Leaderboard.ModelRating::model).toList(),
                    battles,
                    winRates,
                    board.positionBias().stream().map(PositionResponse::of).toList());
        }
    }

    /** An item's rankings side by side: {@link ItemJudgments} as it is. */
    record JudgmentsResponse(
            String externalId, List<ItemJudgments.Candidate> candidates, List<ItemJudgments.Ranking> rankings) {

        static JudgmentsResponse of(ItemJudgments judgments) {
            return new JudgmentsResponse(judgments.externalId(), judgments.candidates(), judgments.rankings());
        }
    }
}
