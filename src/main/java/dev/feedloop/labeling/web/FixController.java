package dev.feedloop.labeling.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.labeling.FixTasks;
import dev.feedloop.problems.RefusalShows;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The write page of a fix task (a reply reported from production): the live word diff of the text
 * against the bad reply, and "not a real failure".
 */
@Controller
class FixController {

    private final FixTasks fixTasks;

    FixController(FixTasks fixTasks) {
        this.fixTasks = fixTasks;
    }

    /** The word diff from the bad reply to the editor's text (an htmx fragment, as the text changes). */
    @PostMapping("/projects/{slug}/write/{taskId}/fix-diff")
    String diff(
            @PathVariable String slug,
            @PathVariable long taskId,
            @RequestParam UUID leaseToken,
            @RequestParam(defaultValue = "") String content,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        model.addAttribute("fixDiff", fixTasks.diff(slug, taskId, me, leaseToken, content));
        return "labeling/write :: fixDiff";
    }

    /** The reply was not a real failure: the task is done with the reason, and the next task opens. */
    @PostMapping("/projects/{slug}/write/{taskId}/not-a-failure")
    @RefusalShows(value = "/projects/{slug}/write", keep = "reason")
    String notAFailure(
            @PathVariable String slug,
            @PathVariable long taskId,
            @RequestParam UUID leaseToken,
            @RequestParam(required = false) String reason,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        fixTasks.notAFailure(slug, taskId, me, leaseToken, reason);
        redirect.addFlashAttribute("flashMessage", "labeling.fix.dismissed");
        return "redirect:/projects/{slug}/write";
    }
}
