package dev.feedloop.generation.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.generation.AssistSettings;
import dev.feedloop.generation.AssistSettingsForm;
import dev.feedloop.generation.AssistSettingsView;
import dev.feedloop.generation.JudgeRuns;
import dev.feedloop.problems.RefusalShows;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A project's model help for writers (which endpoints they may use, and the critique prompt), the
 * judge prompt of its judge runs, and whether items its judges are unsure of are routed to people.
 */
@Controller
class AssistSettingsController {

    private final AssistSettings settings;
    private final Projects projects;

    AssistSettingsController(AssistSettings settings, Projects projects) {
        this.settings = settings;
        this.projects = projects;
    }

    @GetMapping("/projects/{slug}/assist")
    String show(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me, Model model) {
        AssistSettingsView view = page(slug, me, model);
        if (!model.containsAttribute("form")) {
            model.addAttribute(
                    "form",
                    new AssistSettingsForm(view.mode(), view.chosen().stream().toList(), view.critiquePrompt()));
        }
        return "generation/assist";
    }

    @PostMapping("/projects/{slug}/assist")
    @RefusalShows(value = "/projects/{slug}/assist", form = "form")
    String save(
            @PathVariable String slug,
            @AuthenticationPrincipal AccountPrincipal me,
            @Valid @ModelAttribute("form") AssistSettingsForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            page(slug, me, model);
            return "generation/assist";
        }
        settings.update(slug, me, form);
        redirect.addFlashAttribute("flashMessage", "assist.settings.saved");
        return "redirect:/projects/{slug}/assist";
    }

    /** The judge prompt: what judge runs started without a prompt of their own send. */
    @PostMapping("/projects/{slug}/assist/judge-prompt")
    @RefusalShows(value = "/projects/{slug}/assist", form = "judgePromptForm", fieldsAs = "prompt=judgePrompt")
    String saveJudgePrompt(
            @PathVariable String slug,
            @AuthenticationPrincipal AccountPrincipal me,
            @ModelAttribute("judgePromptForm") JudgePromptForm form,
            RedirectAttributes redirect) {
        boolean reset = Boolean.TRUE.equals(form.reset());
        settings.setJudgePrompt(slug, me, reset ? null : form.judgePrompt());
        redirect.addFlashAttribute("flashMessage", reset ? "assist.judgePrompt.reset" : "assist.judgePrompt.saved");
        return "redirect:/projects/{slug}/assist#judge-prompt";
    }

    /** Routing to people: items the project's judges are unsure of get an extra human ranking. */
    @PostMapping("/projects/{slug}/assist/judge-routing")
    @RefusalShows("/projects/{slug}/assist")
    String saveRouting(
            @PathVariable String slug,
            @AuthenticationPrincipal AccountPrincipal me,
            @RequestParam(defaultValue = "false") boolean judgeRouting,
            RedirectAttributes redirect) {
        settings.setJudgeRouting(slug, me, judgeRouting);
        redirect.addFlashAttribute("flashMessage", "assist.routing.saved");
        return "redirect:/projects/{slug}/assist#judge-routing";
    }

    private AssistSettingsView page(String slug, AccountPrincipal me, Model model) {
        AssistSettingsView view = settings.view(slug, me);
        model.addAttribute("project", projects.requireVisible(slug, me));
        model.addAttribute("settings", view);
        model.addAttribute("defaultPrompt", AssistSettings.DEFAULT_CRITIQUE_PROMPT);
        model.addAttribute("defaultJudgePrompt", JudgeRuns.defaultPrompt());
        if (!model.containsAttribute("judgePromptForm")) {
            model.addAttribute("judgePromptForm", new JudgePromptForm(view.judgePrompt(), null));
        }
        model.addAttribute("judgeRouting", settings.judgeRouting(view.projectId()));
        return view;
    }
}
