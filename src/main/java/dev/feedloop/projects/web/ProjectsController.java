package dev.feedloop.projects.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.projects.ProjectDefinition;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.ProjectStatus;
import dev.feedloop.projects.Projects;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The list of projects, and the create and settings forms (administrators). */
@Controller
@RequestMapping("/projects")
class ProjectsController {

    private final Projects projects;

    ProjectsController(Projects projects) {
        this.projects = projects;
    }

    @ModelAttribute("statuses")
    ProjectStatus[] statuses() {
        return ProjectStatus.values();
    }

    @GetMapping
    String list(@AuthenticationPrincipal AccountPrincipal me, Model model) {
        model.addAttribute("projects", projects.list(me));
        return "projects/list";
    }

    @GetMapping("/new")
    String newProject(@AuthenticationPrincipal AccountPrincipal me, Model model) {
        requireAdmin(me);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", ProjectForm.of(ProjectDefinition.defaults("", ""), ""));
        }
        return "projects/form";
    }

    /**
     * Creates the project. A refused form comes back with every field as typed, the message next to
     * its field (a rating dimension's under the dimension rows).
     */
    @PostMapping
    @RefusalShows(value = "/projects/new", form = "form", fieldsAs = "ratingDimensions=dimensionName")
    String create(
            @AuthenticationPrincipal AccountPrincipal me,
            @Valid @ModelAttribute("form") ProjectForm form,
            BindingResult errors,
            RedirectAttributes redirect) {
        requireAdmin(me);
        if (errors.hasErrors()) {
            return "projects/form";
        }
        ProjectSettings created = projects.create(form.toDefinition(), form.guidelines(), me);
        redirect.addFlashAttribute("flashMessage", "projects.createdFlash");
        redirect.addFlashAttribute("flashArg", created.name());
        return "redirect:/projects/" + created.slug();
    }

    @GetMapping("/{slug}/settings")
    String settings(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me, Model model) {
        ProjectSettings project = projects.requireVisible(slug, me);
        requireAdmin(me);
        model.addAttribute("project", project);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", ProjectForm.of(project.definition(), null));
        }
        return "projects/form";
    }

    @PostMapping("/{slug}/settings")
    @RefusalShows(value = "/projects/{slug}/settings", form = "form", fieldsAs = "ratingDimensions=dimensionName")
    String update(
            @PathVariable String slug,
            @AuthenticationPrincipal AccountPrincipal me,
            @Valid @ModelAttribute("form") ProjectForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        ProjectSettings project = projects.requireVisible(slug, me);
        requireAdmin(me);
        if (errors.hasErrors()) {
            model.addAttribute("project", project);
            return "projects/form";
        }
        projects.update(slug, form.toDefinition(), me);
        redirect.addFlashAttribute("flashMessage", "projects.savedFlash");
        return "redirect:/projects/" + slug + "/settings";
    }

    /** Pages for administrators only: others get the same 403 the service would give. */
    static void requireAdmin(AccountPrincipal me) {
        if (!me.admin()) {
            throw new org.springframework.security.access.AccessDeniedException("administrators only");
        }
    }
}
