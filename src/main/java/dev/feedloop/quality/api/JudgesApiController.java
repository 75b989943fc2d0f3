package dev.feedloop.quality.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.quality.Interval;
import dev.feedloop.quality.JudgeAgreement;
import dev.feedloop.quality.JudgeReports;
import dev.feedloop.quality.PairwiseAgreement;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The project's judges measured against its people, for administrators and reviewers. */
@RestController
class JudgesApiController {

    private final JudgeReports reports;

    JudgesApiController(JudgeReports reports) {
        this.reports = reports;
    }

    /**
     * Pairwise counts and shares (null without comparisons), with their 95 % intervals as {@code
     * [lower, upper]} (null when unknown, and for the baselines, which have none).
     */
    record AgreementResponse(
            long comparisons,
            long agreements,
            @Nullable Double withTies,
            @Nullable List<Double> ci95,
            long strictComparisons,
            long strictAgreements,
            @Nullable Double withoutTies,
            @Nullable List<Double> ci95WithoutTies) {

        static AgreementResponse of(PairwiseAgreement.Counts c) {
            return of(c, null, null);
        }

        static AgreementResponse of(
                PairwiseAgreement.Counts c, @Nullable Interval withTies, @Nullable Interval withoutTies) {
            return new AgreementResponse(
                    c.comparisons(),
                    c.agreements(),
                    QualityResponses.number(c.withTies()),
                    withTies == null ? null : QualityResponses.interval(withTies),
                    c.strictComparisons(),
                    c.strictAgreements(),
                    QualityResponses.number(c.withoutTies()),
                    withoutTies == null ? null : QualityResponses.interval(withoutTies));
        }
    }

    record ConsistencyResponse(
            int bothOrders,
            int sameRanking,
            @Nullable Double itemShare,
            @Nullable List<Double> itemShareCi95,
            long pairs,
            long sameVerdict,
            @Nullable Double pairShare,
            @Nullable List<Double> pairShareCi95) {}

    record JudgeResponse(
            @Nullable Long endpointId,
            String endpointName,
            String model,
            int judgedItems,
            boolean prior,
            int items,
            AgreementResponse judgeHuman,
            @Nullable Double kappa,
            @Nullable List<Double> kappaCi95,
            long kappaPairs,
            ConsistencyResponse positionConsistency,
            AgreementResponse humanHuman,
            AgreementResponse longerAnswerWins) {

        static JudgeResponse of(JudgeReports.JudgeRow row) {
            JudgeAgreement.Result r = row.result();
            JudgeAgreement.Intervals ci95 = r.intervals();
            return new JudgeResponse(
                    row.endpointId(),
                    row.endpointName(),
                    row.model(),
                    row.judgedItems(),
                    row.prior(),
                    r.items(),
                    AgreementResponse.of(r.judgeHuman(), ci95.judgeHumanWithTies(), ci95.judgeHumanWithoutTies()),
                    QualityResponses.number(r.kappa()),
                    QualityResponses.interval(ci95.kappa()),
                    r.kappaPairs(),
                    new ConsistencyResponse(
                            r.bothOrders(),
                            r.consistentItems(),
                            QualityResponses.number(r.itemConsistency()),
                            QualityResponses.interval(ci95.itemConsistency()),
                            r.orderedPairs(),
                            r.consistentPairs(),
                            QualityResponses.number(r.pairConsistency()),
                            QualityResponses.interval(ci95.pairConsistency())),
                    AgreementResponse.of(r.humanHuman()),
                    AgreementResponse.of(r.longerWins()));
        }
    }

    @GetMapping("/api/v1/projects/{slug}/judges")
    List<JudgeResponse> judges(
            @AuthenticationPrincipal AccountPrincipal me,
            @PathVariable String slug,
            @RequestParam(required = false) @Nullable String priors) {
        return reports.judges(slug, me, priors).stream().map(JudgeResponse::of).toList();
    }
}
