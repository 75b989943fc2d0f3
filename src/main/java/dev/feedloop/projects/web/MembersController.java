package dev.feedloop.projects.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.projects.Members;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.Projects;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Members of a project and their roles (administrators). */
@Controller
@RequestMapping("/projects/{slug}/members")
class MembersController {

    private final Projects projects;
    private final Members members;

    MembersController(Projects projects, Members members) {
        this.projects = projects;
        this.members = members;
    }

    @GetMapping
    String list(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me, Model model) {
        model.addAttribute("project", projects.requireVisible(slug, me));
        ProjectsController.requireAdmin(me);
        model.addAttribute("members", members.list(slug, me));
        model.addAttribute("roles", ProjectRole.values());
        return "projects/members";
    }

    /**
     * Adds a member, or changes a member's roles: the same use case. An unknown username (404) is
     * shown on this page like the other refusals; an unknown project then gets its status page there.
     */
    @PostMapping
    @RefusalShows(
            value = "/projects/{slug}/members",
            keep = {"username", "roles", "existing"},
            statuses = {400, 404, 409, 422})
    String setRoles(
            @PathVariable String slug,
            @RequestParam(defaultValue = "") String username,
            @RequestParam(required = false) List<ProjectRole> roles,
            @RequestParam(defaultValue = "false") boolean existing,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        ProjectsController.requireAdmin(me);
        Set<ProjectRole> chosen = roles == null || roles.isEmpty() ? Set.of() : EnumSet.copyOf(roles);
        var member = members.setRoles(slug, username, chosen, me);
        redirect.addFlashAttribute(
                "flashMessage", existing ? "projects.members.rolesChanged" : "projects.members.added");
        redirect.addFlashAttribute("flashArg", member.displayName());
        return "redirect:/projects/" + slug + "/members";
    }

    @PostMapping("/{username}/pause")
    @RefusalShows(
            value = "/projects/{slug}/members",
            statuses = {400, 404, 409, 422})
    String pause(
            @PathVariable String slug,
            @PathVariable String username,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        ProjectsController.requireAdmin(me);
        members.pause(slug, username, me);
        return backToMembers(slug, "projects.members.pausedNow", username, redirect);
    }

    @PostMapping("/{username}/reinstate")
    @RefusalShows(
            value = "/projects/{slug}/members",
            statuses = {400, 404, 409, 422})
    String reinstate(
            @PathVariable String slug,
            @PathVariable String username,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        ProjectsController.requireAdmin(me);
        members.reinstate(slug, username, me);
        return backToMembers(slug, "projects.members.reinstated", username, redirect);
    }

    private static String backToMembers(String slug, String message, String username, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flashMessage", message);
        redirect.addFlashAttribute("flashArg", username);
        return "redirect:/projects/" + slug + "/members";
    }

    @PostMapping("/{username}/remove")
    String remove(
            @PathVariable String slug,
            @PathVariable String username,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        ProjectsController.requireAdmin(me);
        members.remove(slug, username, me);
        redirect.addFlashAttribute("flashMessage", "projects.members.removed");
        redirect.addFlashAttribute("flashArg", username);
        return "redirect:/projects/" + slug + "/members";
    }
}
