package dev.feedloop.quality.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.quality.LeaderboardSlice;
import dev.feedloop.quality.QualityReports;
import dev.feedloop.quality.api.QualityResponses.BattlesResponse;
import dev.feedloop.quality.api.QualityResponses.JudgmentsResponse;
import dev.feedloop.quality.api.QualityResponses.ModelResponse;
import dev.feedloop.quality.api.QualityResponses.QualityResponse;
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

    QualityApiController(QualityReports reports) {
        this.reports = reports;
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
            @AuthenticationPrincipal AccountPrincipal me) {
        return reports
                .leaderboard(
                        slug,
                        me,
                        QualityReports.asOf(asOf),
                        new LeaderboardSlice(metadataKey, metadataValue, guidelineVersion))
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
            @AuthenticationPrincipal AccountPrincipal me) {
        return BattlesResponse.of(reports.leaderboard(
                slug,
                me,
                QualityReports.asOf(asOf),
                new LeaderboardSlice(metadataKey, metadataValue, guidelineVersion)));
    }

    @GetMapping("/api/v1/projects/{slug}/items/{externalId}/judgments")
    JudgmentsResponse judgments(
            @PathVariable String slug, @PathVariable String externalId, @AuthenticationPrincipal AccountPrincipal me) {
        return JudgmentsResponse.of(reports.judgments(slug, externalId, me));
    }
}
