package dev.feedloop.workqueue.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.Projects;
import dev.feedloop.workqueue.SkipReason;
import dev.feedloop.workqueue.Skips;
import java.util.List;
import java.util.Locale;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** Administrators' page of a project's skips: newest first, by reason, with the people's notes. */
@Controller
class SkipsController {

    private final Skips skips;
    private final Projects projects;

    SkipsController(Skips skips, Projects projects) {
        this.skips = skips;
        this.projects = projects;
    }

    @GetMapping("/projects/{slug}/skips")
    String list(
            @PathVariable String slug,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) Long before,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        model.addAttribute("page", skips.page(slug, me, reason, before, null));
        model.addAttribute("project", projects.requireVisible(slug, me));
        model.addAttribute("slug", slug);
        model.addAttribute("reason", reason == null ? "" : reason.strip().toLowerCase(Locale.ROOT));
        model.addAttribute("reasons", List.of(SkipReason.values()));
        return "workqueue/skips";
    }
}
