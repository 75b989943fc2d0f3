package dev.feedloop.export.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.export.ExportKind;
import dev.feedloop.export.ExportParameters;
import dev.feedloop.export.SnapshotJobs;
import dev.feedloop.problems.RefusalShows;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Snapshot this round" on the rounds page: one snapshot job for SFT and one for preferences, each
 * with the default parameters and {@code round} set, so that their manifests name the round.
 */
@Controller
class RoundSnapshotsController {

    private final SnapshotJobs snapshotJobs;

    RoundSnapshotsController(SnapshotJobs snapshotJobs) {
        this.snapshotJobs = snapshotJobs;
    }

    @PostMapping("/projects/{slug}/export/rounds/{name}/snapshots")
    @RefusalShows("/projects/{slug}/rounds")
    String snapshot(
            @PathVariable String slug,
            @PathVariable String name,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        snapshotJobs.start(slug, me, ExportKind.SFT, ExportParameters.of(null).withRound(name));
        snapshotJobs.start(
                slug, me, ExportKind.PREFERENCES, ExportParameters.of(null).withRound(name));
        redirect.addFlashAttribute("flashMessage", "rounds.snapshot.started");
        redirect.addFlashAttribute("flashArg", name);
        return "redirect:/projects/{slug}/rounds";
    }
}
