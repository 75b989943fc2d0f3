package dev.feedloop.quality.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.quality.JudgeAgreement;
import dev.feedloop.quality.JudgeReports;
import dev.feedloop.quality.PairwiseAgreement;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The project's judges measured against its people, for administrators and reviewers. */
@RestController
class JudgesApiController {

    private final JudgeReports reports;

    JudgesApiController(JudgeReports reports) {
        this.reports = reports;
    }

    /** Pairwise counts and shares (null without comparisons). */
    record AgreementResponse(
            long comparisons,
            long agreements,
            @Nullable Double withTies,
            long strictComparisons,
            long strictAgreements,
            @Nullable Double withoutTies) {

        static AgreementResponse of(PairwiseAgreement.Counts c) {
            return new AgreementResponse(
                    c.comparisons(),
                    c.agreements(),
                    QualityResponses.number(c.withTies()),
                    c.strictComparisons(),
                    c.strictAgreements(),
                    QualityResponses.number(c.withoutTies()));
        }
    }

    record ConsistencyResponse(
            int bothOrders,
            int sameRanking,
            @Nullable Double itemShare,
            long pairs,
            long sameVerdict,
            @Nullable Double pairShare) {}

    record JudgeResponse(
            @Nullable Long endpointId,
            String endpointName,
            String model,
            int judgedItems,
            int items,
            AgreementResponse judgeHuman,
            @Nullable Double kappa,
            long kappaPairs,
            ConsistencyResponse positionConsistency,
            AgreementResponse humanHuman,
            AgreementResponse longerAnswerWins) {

        static JudgeResponse of(JudgeReports.JudgeRow row) {
            JudgeAgreement.Result r = row.result();
            return new JudgeResponse(
                    row.endpointId(),
                    row.endpointName(),
                    row.model(),
                    row.judgedItems(),
                    r.items(),
                    AgreementResponse.of(r.judgeHuman()),
                    QualityResponses.number(r.kappa()),
                    r.kappaPairs(),
                    new ConsistencyResponse(
                            r.bothOrders(),
                            r.consistentItems(),
                            QualityResponses.number(r.itemConsistency()),
                            r.orderedPairs(),
                            r.consistentPairs(),
                            QualityResponses.number(r.pairConsistency())),
                    AgreementResponse.of(r.humanHuman()),
                    AgreementResponse.of(r.longerWins()));
        }
    }

    @GetMapping("/api/v1/projects/{slug}/judges")
    List<JudgeResponse> judges(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String slug) {
        return reports.judges(slug, me).stream().map(JudgeResponse::of).toList();
    }
}
