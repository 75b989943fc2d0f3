package dev.feedloop.projects.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.problems.RefusedInput;
import dev.feedloop.projects.GuidelineView;
import dev.feedloop.projects.Guidelines;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.rendering.MarkdownRenderer;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The current guidelines (rendered), their editor for administrators, history and diffs. */
@Controller
@RequestMapping("/projects/{slug}/guidelines")
class GuidelinesController {

    private final Projects projects;
    private final Guidelines guidelines;
    private final MarkdownRenderer markdown;

    GuidelinesController(Projects projects, Guidelines guidelines, MarkdownRenderer markdown) {
        this.projects = projects;
        this.guidelines = guidelines;
        this.markdown = markdown;
    }

    @GetMapping
    String show(
            @PathVariable String slug,
            @RequestParam(defaultValue = "false") boolean edit,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        ProjectSettings project = projects.requireVisible(slug, me);
        GuidelineView current = projects.currentGuidelines(project.id());
        model.addAttribute("project", project);
        model.addAttribute("myRoles", projects.rolesOf(project.id(), me));
        model.addAttribute("current", current);
        model.addAttribute("html", markdown.render(current.content()));
        model.addAttribute("history", guidelines.history(slug, me));
        model.addAttribute("editing", edit && me.admin());
        String refusedDraft = RefusedInput.kept(model, "content");
        model.addAttribute("draft", refusedDraft != null ? refusedDraft : current.content());
        return "projects/guidelines";
    }

    @PostMapping
    @RefusalShows(value = "/projects/{slug}/guidelines?edit=true", keep = "content")
    String save(
            @PathVariable String slug,
            @RequestParam(defaultValue = "") String content,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        ProjectsController.requireAdmin(me);
        int before = projects.currentGuidelines(
                        projects.requireVisible(slug, me).id())
                .version();
        GuidelineView saved = guidelines.save(slug, content, me);
        if (saved.version() == before) {
            redirect.addFlashAttribute("flashMessage", "projects.guidelines.unchanged");
        } else {
            redirect.addFlashAttribute("flashMessage", "projects.guidelines.savedFlash");
            redirect.addFlashAttribute("flashArg", saved.version());
        }
        return "redirect:/projects/" + slug + "/guidelines";
    }

    @GetMapping("/{version}")
    String version(
            @PathVariable String slug,
            @PathVariable int version,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        ProjectSettings project = projects.requireVisible(slug, me);
        GuidelineView shown = guidelines.version(slug, version, me);
        model.addAttribute("project", project);
        model.addAttribute("myRoles", projects.rolesOf(project.id(), me));
        model.addAttribute("shown", shown);
        model.addAttribute("current", projects.currentGuidelines(project.id()));
        model.addAttribute("html", markdown.render(shown.content()));
        model.addAttribute("diff", guidelines.diffToPrevious(slug, version, me));
        model.addAttribute("history", guidelines.history(slug, me));
        return "projects/guidelines-version";
    }
}
