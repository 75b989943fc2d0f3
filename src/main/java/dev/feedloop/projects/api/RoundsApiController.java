package dev.feedloop.projects.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.Round;
import dev.feedloop.projects.RoundDefinition;
import dev.feedloop.projects.Rounds;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** A project's rounds over JSON: reviewers and administrators list them, administrators change them. */
@RestController
@RequestMapping("/api/v1/projects/{slug}/rounds")
class RoundsApiController {

    private final Rounds rounds;

    RoundsApiController(Rounds rounds) {
        this.rounds = rounds;
    }

    /** A round; on update an absent field keeps its value ({@code close: true} ends the round now). */
    record RoundRequest(String name, String modelVersion, Instant startsAt, Instant endsAt, Boolean close) {}

    record RoundResponse(String name, String modelVersion, Instant startsAt, Instant endsAt, boolean open) {

        static RoundResponse of(Round round) {
            return new RoundResponse(
                    round.name(), round.modelVersion(), round.startsAt(), round.endsAt(), round.open());
        }
    }

    @GetMapping
    List<RoundResponse> list(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me) {
        return rounds.list(slug, me).stream().map(RoundResponse::of).toList();
    }

    @PostMapping
    ResponseEntity<RoundResponse> create(
            @PathVariable String slug,
            @RequestBody RoundRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        Round round = rounds.create(
                slug,
                new RoundDefinition(request.name(), request.modelVersion(), request.startsAt(), request.endsAt()),
                me);
        return ResponseEntity.created(URI.create("/api/v1/projects/" + slug + "/rounds/" + round.name()))
                .body(RoundResponse.of(round));
    }

    @PutMapping("/{name}")
    RoundResponse update(
            @PathVariable String slug,
            @PathVariable String name,
            @RequestBody RoundRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        Round current = rounds.get(slug, name, me);
        Round updated = rounds.update(
                slug,
                name,
                new RoundDefinition(
                        request.name() != null ? request.name() : current.name(),
                        request.modelVersion() != null ? request.modelVersion() : current.modelVersion(),
                        request.startsAt() != null ? request.startsAt() : current.startsAt(),
                        request.endsAt() != null ? request.endsAt() : current.endsAt()),
                me);
        if (Boolean.TRUE.equals(request.close())) {
            updated = rounds.close(slug, updated.name(), me);
        }
        return RoundResponse.of(updated);
    }

    @PostMapping("/{name}/close")
    RoundResponse close(
            @PathVariable String slug, @PathVariable String name, @AuthenticationPrincipal AccountPrincipal me) {
        return RoundResponse.of(rounds.close(slug, name, me));
    }

    @DeleteMapping("/{name}")
    ResponseEntity<Void> delete(
            @PathVariable String slug, @PathVariable String name, @AuthenticationPrincipal AccountPrincipal me) {
        rounds.delete(slug, name, me);
        return ResponseEntity.noContent().build();
    }
}
