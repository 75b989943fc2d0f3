package dev.feedloop.quality.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.quality.GoldAccuracy;
import dev.feedloop.quality.LeaderboardSlice;
import dev.feedloop.quality.QualityLedger;
import dev.feedloop.quality.QualityReports;
import dev.feedloop.quality.api.QualityResponses.BattlesResponse;
import dev.feedloop.quality.api.QualityResponses.JudgmentsResponse;
import dev.feedloop.quality.api.QualityResponses.ModelResponse;
import dev.feedloop.quality.api.QualityResponses.QualityResponse;
import java.time.Instant;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Agreement measures, the model leaderboard and an item's rankings, for administrators and reviewers. */
@RestController
class QualityApiController {

    private final QualityReports reports;
    private final QualityLedger ledger;

    QualityApiController(QualityReports reports, QualityLedger ledger) {
        this.reports = reports;
        this.ledger = ledger;
    }

    /** One entry per member: what they did up to {@code asOf}, gold accuracy and status. */
    record LedgerResponse(
            String username,
            String displayName,
            String status,
            String pausedReason,
            Instant pausedAt,
            long rankings,
            long demonstrations,
            Double medianActiveSeconds,
            long skips,
            Double skipRate,
            String topSkipReason,
            long reviewed,
            long approved,
            Double approvalRate,
            long pastedChars,
            long typedChars,
            Double pastedShare,
            long goldJudgments,
            long goldPairs,
            long goldAgreed,
            Double goldAccuracy,
            List<Double> goldCi95,
            long timedJudgments,
            long quickJudgments,
            Double quickShare) {

        static LedgerResponse of(QualityLedger.Entry e) {
            GoldAccuracy gold = e.gold();
            return new LedgerResponse(
                    e.username(),
                    e.displayName(),
                    e.paused() ? "paused" : "active",
                    e.pausedReason() == null ? null : e.pausedReason().toLowerCase(java.util.Locale.ROOT),
                    e.pausedAt(),
                    e.rankings(),
                    e.demonstrations(),
                    e.medianActiveSeconds(),
                    e.skips(),
                    number(e.skipRate()),
                    e.topSkipReason() == null ? null : e.topSkipReason().toLowerCase(java.util.Locale.ROOT),
                    e.reviewed(),
                    e.approved(),
                    number(e.approvalRate()),
                    e.pastedChars(),
                    e.typedChars(),
                    number(e.pastedShare()),
                    gold.judgments(),
                    gold.pairs(),
                    gold.agreed(),
                    gold.pairs() == 0 ? null : (double) gold.agreed() / gold.pairs(),
                    gold.pairs() == 0
                            ? null
                            : List.of(gold.interval().lower(), gold.interval().upper()),
                    e.timedJudgments(),
                    e.quickJudgments(),
                    number(e.quickShare()));
        }

        private static Double number(double value) {
            return Double.isNaN(value) ? null : value;
        }
    }

    @GetMapping("/api/v1/projects/{slug}/ledger")
    List<LedgerResponse> ledger(
            @PathVariable String slug,
            @RequestParam(required = false) String asOf,
            @AuthenticationPrincipal AccountPrincipal me) {
        return ledger.of(slug, me, QualityReports.asOf(asOf)).stream()
                .map(LedgerResponse::of)
                .toList();
    }

    @GetMapping("/api/v1/projects/{slug}/quality")
    QualityResponse quality(
            @PathVariable String slug,
            @RequestParam(required = false) String asOf,
            @AuthenticationPrincipal AccountPrincipal me) {
        return QualityResponse.of(reports.report(slug, me, QualityReports.asOf(asOf)));
    }

    @GetMapping("/api/v1/projects/{slug}/leaderboard")
    List<ModelResponse> leaderboard(
            @PathVariable String slug,
            @RequestParam(required = false) String asOf,
            @RequestParam(required = false) String metadataKey,
            @RequestParam(required = false) String metadataValue,
            @RequestParam(required = false) Integer guidelineVersion,
            @RequestParam(required = false) String round,
            @AuthenticationPrincipal AccountPrincipal me) {
        return reports
                .leaderboard(
                        slug,
                        me,
                        QualityReports.asOf(asOf),
                        new LeaderboardSlice(metadataKey, metadataValue, guidelineVersion, round))
                .models()
                .stream()
                .map(ModelResponse::of)
                .toList();
    }

    /** The same leaderboard's battles and win rates per pair of models, and its position bias. */
    @GetMapping("/api/v1/projects/{slug}/leaderboard/battles")
    BattlesResponse battles(
            @PathVariable String slug,
            @RequestParam(required = false) String asOf,
            @RequestParam(required = false) String metadataKey,
            @RequestParam(required = false) String metadataValue,
            @RequestParam(required = false) Integer guidelineVersion,
            @RequestParam(required = false) String round,
            @AuthenticationPrincipal AccountPrincipal me) {
        return BattlesResponse.of(reports.leaderboard(
                slug,
                me,
                QualityReports.asOf(asOf),
                new LeaderboardSlice(metadataKey, metadataValue, guidelineVersion, round)));
    }

    @GetMapping("/api/v1/projects/{slug}/items/{externalId}/judgments")
    JudgmentsResponse judgments(
            @PathVariable String slug, @PathVariable String externalId, @AuthenticationPrincipal AccountPrincipal me) {
        return JudgmentsResponse.of(reports.judgments(slug, externalId, me));
    }
}
