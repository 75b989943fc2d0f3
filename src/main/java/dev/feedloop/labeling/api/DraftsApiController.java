package dev.feedloop.labeling.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.labeling.DraftView;
import dev.feedloop.labeling.Drafts;
import dev.feedloop.labeling.InputCounts;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The draft of a write task under a lease: read it, and save it over the version last seen. */
@RestController
@RequestMapping("/api/v1/tasks/{taskId}/draft")
class DraftsApiController {

    private final Drafts drafts;

    DraftsApiController(Drafts drafts) {
        this.drafts = drafts;
    }

    /**
     * @param version the draft version this save replaces: the one last read or saved, 0 when there
     *     was none
     * @param pastedChars characters pasted into the draft over its life so far; {@code null} keeps
     *     the stored count
     * @param typedChars characters typed into the draft over its life so far; {@code null} keeps the
     *     stored count
     */
    record DraftRequest(
            @NotNull UUID leaseToken,
            String content,
            String basedOnCandidateId,
            @NotNull @Min(0) Long version,
            @Min(0) Integer pastedChars,
            @Min(0) Integer typedChars) {}

    record DraftResponse(
            long taskId,
            String content,
            String basedOnCandidateId,
            long version,
            Instant updatedAt,
            Integer pastedChars,
            Integer typedChars) {

        static DraftResponse of(DraftView draft) {
            return new DraftResponse(
                    draft.taskId(),
                    draft.content(),
                    draft.basedOnCandidateId(),
                    draft.version(),
                    draft.updatedAt(),
                    draft.input().pastedChars(),
                    draft.input().typedChars());
        }
    }

    /** 200 with the draft, or 204 when none was saved yet. */
    @GetMapping
    ResponseEntity<DraftResponse> get(
            @PathVariable long taskId, @RequestParam UUID leaseToken, @AuthenticationPrincipal AccountPrincipal me) {
        return drafts.get(taskId, me, leaseToken)
                .map(draft -> ResponseEntity.ok(DraftResponse.of(draft)))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    /** 200 with the saved draft; 409 ({@code draft-conflict}) when another client saved a newer one. */
    @PutMapping
    DraftResponse save(
            @PathVariable long taskId,
            @Valid @RequestBody DraftRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        String basedOn = request.basedOnCandidateId() == null
                        || request.basedOnCandidateId().isBlank()
                ? null
                : request.basedOnCandidateId();
        return DraftResponse.of(drafts.save(
                taskId,
                me,
                request.leaseToken(),
                request.content(),
                basedOn,
                request.version(),
                new InputCounts(request.pastedChars(), request.typedChars())));
    }
}
