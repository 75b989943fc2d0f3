package dev.feedloop.workqueue.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.problems.RefusalShows;
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

    /** A lease that ended meanwhile (404) is reported on the list; an unknown project gets its status page. */
    @PostMapping("/{taskId}/release")
    @RefusalShows(
            value = "/projects/{slug}/leases",
            statuses = {400, 404, 409, 422})
    String release(
            @PathVariable String slug,
            @PathVariable long taskId,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        queue.releaseLease(slug, taskId, me);
        redirect.addFlashAttribute("flashMessage", "workqueue.leases.released");
        redirect.addFlashAttribute("flashArg", taskId);
        return "redirect:/projects/" + slug + "/leases";
    }
}
