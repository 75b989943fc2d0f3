package dev.feedloop.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.ProjectStatus;
import dev.feedloop.projects.Projects;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

    private final Projects projects;

    HomeController(Projects projects) {
        this.projects = projects;
    }

    /** The home page, with a link to each work queue the person may take tasks from. */
    @GetMapping("/")
    String home(@AuthenticationPrincipal AccountPrincipal me, Model model) {
        if (me != null) {
            model.addAttribute(
                    "workProjects",
                    projects.list(me).stream()
                            .filter(p -> p.status() == ProjectStatus.ACTIVE)
                            .filter(p -> me.admin() || !p.roles().isEmpty())
                            .toList());
        }
        return "home";
    }
}
