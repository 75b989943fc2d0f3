package dev.feedloop.workqueue.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.Projects;
import dev.feedloop.workqueue.ProjectProgress;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** A project's overview: what it holds, how far its work is, recent imports. */
@Controller
class OverviewController {

    private final ProjectProgress progress;
    private final Projects projects;

    OverviewController(ProjectProgress progress, Projects projects) {
        this.progress = progress;
        this.projects = projects;
    }

    @GetMapping("/projects/{slug}")
    String overview(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me, Model model) {
        ProjectProgress.Overview overview = progress.of(slug, me);
        model.addAttribute("overview", overview);
        model.addAttribute("project", overview.project());
        model.addAttribute(
                "guidelines", projects.currentGuidelines(overview.project().id()));
        model.addAttribute("myRoles", projects.rolesOf(overview.project().id(), me.id()));
        return "workqueue/overview";
    }
}
