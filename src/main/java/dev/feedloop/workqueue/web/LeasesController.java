package dev.feedloop.workqueue.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.Projects;
import dev.feedloop.workqueue.WorkQueue;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Administrators' page of a project's current leases, with a release button per lease. */
@Controller
@RequestMapping("/projects/{slug}/leases")
class LeasesController {

    private final WorkQueue queue;
    private final Projects projects;

    LeasesController(WorkQueue queue, Projects projects) {
        this.queue = queue;
        this.projects = projects;
    }

    @GetMapping
    String list(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me, Model model) {
        model.addAttribute("leases", queue.leases(slug, me));
        model.addAttribute("project", projects.requireVisible(slug, me));
        model.addAttribute("slug", slug);
        return "workqueue/leases";
    }

    @PostMapping("/{taskId}/release")
    String release(
            @PathVariable String slug,
            @PathVariable long taskId,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        try {
            queue.releaseLease(slug, taskId, me);
            redirect.addFlashAttribute("flashMessage", "workqueue.leases.released");
            redirect.addFlashAttribute("flashArg", taskId);
        } catch (Refusal e) {
            if (e.getStatusCode().value() != 404) {
                throw e;
            }
            redirect.addFlashAttribute("flashError", e.messageCode());
        }
        return "redirect:/projects/" + slug + "/leases";
    }
}
