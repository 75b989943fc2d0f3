package dev.feedloop.workqueue.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.workqueue.ExtraRankings;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Administrators: more rankings for one item by hand. */
@RestController
class ExtraRankingsApiController {

    private final ExtraRankings extraRankings;

    ExtraRankingsApiController(ExtraRankings extraRankings) {
        this.extraRankings = extraRankings;
    }

    /** @param count extra rank slots to add, 1 to {@value ExtraRankings#MAX_REQUEST} */
    record ExtraRankingsRequest(Integer count) {}

    /**
     * @param added the slots this request made
     * @param extraRankings the extra slots the item has had in all (automatic and requested)
     * @param openRankSlots the item's rank slots not yet judged, extra ones included
     */
    record ExtraRankingsResponse(String externalId, int added, int extraRankings, int openRankSlots) {}

    @PostMapping("/api/v1/projects/{slug}/items/{externalId}/extra-rankings")
    ExtraRankingsResponse request(
            @PathVariable String slug,
            @PathVariable String externalId,
            @RequestBody ExtraRankingsRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        int count = request.count() == null ? 0 : request.count();
        ExtraRankings.Added added = extraRankings.request(slug, externalId, count, me);
        return new ExtraRankingsResponse(
                added.externalId(), added.added(), added.extraRankings(), added.openRankSlots());
    }
}
