package dev.feedloop.generation.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.generation.JudgeRunRequest;
import dev.feedloop.generation.JudgeRunView;
import dev.feedloop.generation.JudgeRuns;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Judge runs of a project, for site admins. */
@RestController
@RequestMapping("/api/v1/projects/{slug}/judge-runs")
class JudgeRunsApiController {

    private final JudgeRuns runs;

    JudgeRunsApiController(JudgeRuns runs) {
        this.runs = runs;
    }

    /** A judge run to start; the prompt defaults to the project's judge prompt. */
    record StartJudgeRunRequest(
            @Nullable Long endpointId,
            @Nullable String prompt,
            @Nullable Boolean humanRankedOnly) {}

    @PostMapping
    ResponseEntity<JudgeRunView> start(
            @AuthenticationPrincipal AccountPrincipal me,
            @PathVariable String slug,
            @RequestBody StartJudgeRunRequest body) {
        JudgeRunView run = runs.start(
                me,
                slug,
                new JudgeRunRequest(body.endpointId(), body.prompt(), Boolean.TRUE.equals(body.humanRankedOnly())));
        return ResponseEntity.created(URI.create(
                        "/api/v1/projects/" + slug + "/judge-runs/" + run.run().id()))
                .body(run);
    }

    @GetMapping
    List<JudgeRunView> list(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String slug) {
        return runs.list(me, slug);
    }

    @GetMapping("/{id}")
    JudgeRunView get(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String slug, @PathVariable long id) {
        return runs.get(me, slug, id);
    }

    @PostMapping("/{id}/cancel")
    JudgeRunView cancel(
            @AuthenticationPrincipal AccountPrincipal me, @PathVariable String slug, @PathVariable long id) {
        return runs.cancel(me, slug, id);
    }

    @PostMapping("/{id}/retry")
    JudgeRunView retry(@AuthenticationPrincipal AccountPrincipal me, @PathVariable String slug, @PathVariable long id) {
        return runs.retryFailed(me, slug, id);
    }
}
