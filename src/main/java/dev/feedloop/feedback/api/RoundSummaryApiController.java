package dev.feedloop.feedback.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.feedback.RoundSummaries;
import dev.feedloop.feedback.RoundSummary;
import java.time.Instant;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Round over round (administrators and the project's reviewers). */
@RestController
class RoundSummaryApiController {

    private final RoundSummaries summaries;

    RoundSummaryApiController(RoundSummaries summaries) {
        this.summaries = summaries;
    }

    record SummaryResponse(
            String name,
            String modelVersion,
            Instant startsAt,
            Instant endsAt,
            long failures,
            long fixed,
            long approved,
            long notAFailure,
            RoundSummary.Regression regression) {

        static SummaryResponse of(RoundSummary s) {
            return new SummaryResponse(
                    s.round().name(),
                    s.round().modelVersion(),
                    s.round().startsAt(),
                    s.round().endsAt(),
                    s.failures(),
                    s.fixed(),
                    s.approved(),
                    s.notAFailure(),
                    s.regression());
        }
    }

    /** Every round of the project, newest first. */
    @GetMapping("/api/v1/projects/{slug}/rounds/summary")
    List<SummaryResponse> summary(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me) {
        return summaries.of(slug, me).stream().map(SummaryResponse::of).toList();
    }
}
