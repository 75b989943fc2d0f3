package dev.feedloop.generation.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.generation.GenerationRuns;
import dev.feedloop.generation.RunFailure;
import dev.feedloop.generation.RunRequest;
import dev.feedloop.generation.RunView;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Generation runs of a project, for site admins. */
@RestController
@RequestMapping("/api/v1/projects/{slug}/generation-runs")
class GenerationRunsApiController {

    private final GenerationRuns runs;

    GenerationRunsApiController(GenerationRuns runs) {
        this.runs = runs;
    }

    /** A run to start; {@code items} defaults to {@code ALL} and {@code samples} to 1. */
    record StartRunRequest(
            @Nullable List<Long> endpointIds,
            RunRequest.@Nullable RunItems items,
            @Nullable Integer fewerThan,
            @Nullable Map<String, String> metadata,
            @Nullable Integer samples,
            @Nullable Long seed) {

        RunRequest toRequest() {
            return new RunRequest(
                    endpointIds == null ? List.of() : endpointIds,
                    items == null ? RunRequest.RunItems.ALL : items,
                    fewerThan,
                    metadata == null ? Map.of() : metadata,
                    samples == null ? 1 : samples,
                    seed);
        }
    }

    /** A run with its failed units (the first 100). */
    record RunResponse(RunView run, List<RunFailure> failures) {}

    @PostMapping
    ResponseEntity<RunView> start(
            @AuthenticationPrincipal AccountPrincipal me,
            @PathVariable String slug,
            @RequestBody StartRunRequest body) {
        RunView run = runs.start(me, slug, body.toRequest());
        return ResponseEntity.created(URI.create("/api/v1/projects/" + slug + "/generation-runs/" + run.id()))
                .body(run);
    }

    @GetMapping
    List<RunView> list(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String slug) {
        return runs.list(me, slug);
    }

    @GetMapping("/{id}")
    RunResponse get(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String slug, @PathVariable long id) {
        return new RunResponse(runs.get(me, slug, id), runs.failures(me, slug, id, 100));
    }

    @PostMapping("/{id}/cancel")
    RunView cancel(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String slug, @PathVariable long id) {
        return runs.cancel(me, slug, id);
    }

    @PostMapping("/{id}/retry")
    RunView retry(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String slug, @PathVariable long id) {
        return runs.retryFailed(me, slug, id);
    }
}
