package dev.feedloop.quality.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.quality.Adjudication;
import dev.feedloop.quality.AdjudicationQueue;
import dev.feedloop.quality.Adjudications;
import dev.feedloop.workqueue.RankSubmission;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Items that need a reviewer's deciding ranking, and the decisions, for reviewers and administrators. */
@RestController
class AdjudicationsApiController {

    private final Adjudications adjudications;

    AdjudicationsApiController(Adjudications adjudications) {
        this.adjudications = adjudications;
    }

    /** The deciding ranking: candidates by external id, as a rank submit names them; {@code version} 0 for the first. */
    record AdjudicationRequest(
            List<List<String>> tiers,
            Boolean noneAcceptable,
            Map<String, Map<String, Integer>> ratings,
            Map<String, List<String>> flags,
            Integer strength,
            String note,
            Integer version) {}

    record AdjudicationResponse(
            String externalId,
            List<List<String>> tiers,
            boolean noneAcceptable,
            Map<String, Map<String, Integer>> ratings,
            Map<String, List<String>> flags,
            Integer strength,
            String note,
            String decidedBy,
            Instant decidedAt,
            int version) {

        static AdjudicationResponse of(Adjudication a) {
            return new AdjudicationResponse(
                    a.externalId(),
                    a.tiers(),
                    a.noneAcceptable(),
                    a.ratings(),
                    a.flags(),
                    a.strength(),
                    a.note(),
                    a.decidedBy(),
                    a.decidedAt(),
                    a.version());
        }
    }

    /** @param agreement with ties, 0 to 1, or null without comparisons */
    record EntryResponse(
            String externalId,
            Integer rankings,
            Double agreement,
            Instant lastRankedAt,
            AdjudicationResponse decision) {}

    record QueueResponse(String state, List<EntryResponse> items, Long next) {}

    @GetMapping("/api/v1/projects/{slug}/adjudications")
    QueueResponse list(
            @PathVariable String slug,
            @RequestParam(defaultValue = "needed") String state,
            @RequestParam(required = false) Long after,
            @RequestParam(defaultValue = "50") int limit,
            @AuthenticationPrincipal AccountPrincipal me) {
        AdjudicationQueue queue = adjudications.list(slug, state, after, limit, me);
        boolean decided = state.equals("decided");
        return new QueueResponse(
                state,
                queue.items().stream()
                        .map(e -> new EntryResponse(
                                e.externalId(),
                                decided ? null : e.rankings(),
                                Double.isNaN(e.agreement()) ? null : e.agreement(),
                                e.lastRankedAt(),
                                e.decision() == null ? null : AdjudicationResponse.of(e.decision())))
                        .toList(),
                queue.next());
    }

    @GetMapping("/api/v1/projects/{slug}/items/{externalId}/adjudication")
    AdjudicationResponse get(
            @PathVariable String slug, @PathVariable String externalId, @AuthenticationPrincipal AccountPrincipal me) {
        return AdjudicationResponse.of(adjudications.decision(slug, externalId, me));
    }

    @PutMapping("/api/v1/projects/{slug}/items/{externalId}/adjudication")
    AdjudicationResponse decide(
            @PathVariable String slug,
            @PathVariable String externalId,
            @RequestBody AdjudicationRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        RankSubmission ranking = new RankSubmission(
                null,
                null,
                request.tiers(),
                request.noneAcceptable(),
                request.ratings(),
                request.flags(),
                request.strength(),
                null,
                Set.of());
        int version = request.version() == null ? 0 : request.version();
        return AdjudicationResponse.of(adjudications.decide(slug, externalId, ranking, request.note(), version, me));
    }

    @DeleteMapping("/api/v1/projects/{slug}/items/{externalId}/adjudication")
    ResponseEntity<Void> clear(
            @PathVariable String slug,
            @PathVariable String externalId,
            @RequestParam(required = false) Integer version,
            @AuthenticationPrincipal AccountPrincipal me) {
        adjudications.clear(slug, externalId, version, me);
        return ResponseEntity.noContent().build();
    }
}
