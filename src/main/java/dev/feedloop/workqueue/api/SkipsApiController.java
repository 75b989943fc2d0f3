package dev.feedloop.workqueue.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.workqueue.SkipPage;
import dev.feedloop.workqueue.SkipView;
import dev.feedloop.workqueue.Skips;
import java.time.Instant;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Administrators: a project's skips, newest first, a page at a time. */
@RestController
class SkipsApiController {

    private final Skips skips;

    SkipsApiController(Skips skips) {
        this.skips = skips;
    }

    record AnnotatorResponse(long id, String username, String displayName) {}

    record SkipResponse(
            long id,
            Long taskId,
            String kind,
            long itemId,
            String itemExternalId,
            AnnotatorResponse annotator,
            String reason,
            String note,
            Instant skippedAt) {

        static SkipResponse of(SkipView skip) {
            return new SkipResponse(
                    skip.id(),
                    skip.taskId(),
                    skip.kind().apiName(),
                    skip.itemId(),
                    skip.itemExternalId(),
                    new AnnotatorResponse(skip.userId(), skip.username(), skip.displayName()),
                    skip.reason() == null ? null : skip.reason().code(),
                    skip.note(),
                    skip.skippedAt());
        }
    }

    /** @param nextBefore pass as {@code before} for the next (older) page; {@code null} on the last page */
    record SkipPageResponse(List<SkipResponse> skips, Long nextBefore) {}

    @GetMapping("/api/v1/projects/{slug}/skips")
    SkipPageResponse list(
            @PathVariable String slug,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) Long before,
            @RequestParam(required = false) Integer limit,
            @AuthenticationPrincipal AccountPrincipal me) {
        SkipPage page = skips.page(slug, me, reason, before, limit);
        return new SkipPageResponse(page.skips().stream().map(SkipResponse::of).toList(), page.nextBefore());
    }
}
