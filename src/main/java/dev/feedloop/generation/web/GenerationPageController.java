package dev.feedloop.generation.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.generation.EndpointView;
import dev.feedloop.generation.GenerationRuns;
import dev.feedloop.generation.JudgeRunView;
import dev.feedloop.generation.JudgeRuns;
import dev.feedloop.generation.ModelEndpoints;
import dev.feedloop.generation.RunView;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.projects.Projects;
import jakarta.validation.Valid;
import java.util.List;
import org.jspecify.annotations.Nullable;
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

/**
 * The generation page of a project, for site admins: the forms that start a generation run and a
 * judge run, the project's runs of both kinds with their progress (polled while one runs), cancel
 * and retry, and one run's failures.
 */
@Controller
@RequestMapping("/projects/{slug}/generation")
class GenerationPageController {

    /** Failed units shown on a run's page. */
    static final int FAILURES_SHOWN = 200;

    private final GenerationRuns runs;
    private final JudgeRuns judgeRuns;
    private final ModelEndpoints endpoints;
    private final Projects projects;

    GenerationPageController(GenerationRuns runs, JudgeRuns judgeRuns, ModelEndpoints endpoints, Projects projects) {
        this.runs = runs;
        this.judgeRuns = judgeRuns;
        this.endpoints = endpoints;
        this.projects = projects;
    }

    @GetMapping
    String page(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me, Model model) {
        return showPage(slug, me, model);
    }

    /** The list of runs alone: what the page polls every 2 s while a run is running. */
    @GetMapping("/runs")
    String runList(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me, Model model) {
        addRuns(slug, me, model);
        return "generation/runs :: runs";
    }

    @PostMapping
    @RefusalShows(value = "/projects/{slug}/generation", form = "form")
    String start(
            @PathVariable String slug,
            @AuthenticationPrincipal AccountPrincipal me,
            @Valid @ModelAttribute("form") RunForm form,
            BindingResult errors,
            Model model,
            RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return showPage(slug, me, model);
        }
        RunView run = runs.start(me, slug, form.toRequest());
        redirect.addFlashAttribute("flashMessage", "generation.page.started");
        redirect.addFlashAttribute("flashArg", run.id());
        return "redirect:/projects/" + slug + "/generation";
    }

    @PostMapping("/judge-runs")
    @RefusalShows(value = "/projects/{slug}/generation", form = "judgeForm", fieldsAs = "items=humanRankedOnly")
    String startJudge(
            @PathVariable String slug,
            @AuthenticationPrincipal AccountPrincipal me,
            @ModelAttribute("judgeForm") JudgeRunForm judgeForm,
            RedirectAttributes redirect) {
        JudgeRunView run = judgeRuns.start(me, slug, judgeForm.toRequest());
        redirect.addFlashAttribute("flashMessage", "generation.page.judgeStarted");
        redirect.addFlashAttribute("flashArg", run.run().id());
        return "redirect:/projects/" + slug + "/generation";
    }

    @GetMapping("/runs/{id}")
    String run(
            @PathVariable String slug,
            @PathVariable long id,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        RunView run = runs.getAnyKind(me, slug, id);
        if (run.isJudge()) {
            JudgeRunView judge = judgeRuns.get(me, slug, id, FAILURES_SHOWN);
            model.addAttribute("judge", judge);
            model.addAttribute("failures", judge.failures());
        } else {
            model.addAttribute("failures", runs.failures(me, slug, id, FAILURES_SHOWN));
        }
        model.addAttribute("run", run);
        model.addAttribute("failuresShown", FAILURES_SHOWN);
        model.addAttribute("project", projects.requireVisible(slug, me));
        return "generation/run";
    }

    @PostMapping("/runs/{id}/cancel")
    @RefusalShows("/projects/{slug}/generation")
    String cancel(
            @PathVariable String slug,
            @PathVariable long id,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        if (runs.getAnyKind(me, slug, id).isJudge()) {
            judgeRuns.cancel(me, slug, id);
        } else {
            runs.cancel(me, slug, id);
        }
        redirect.addFlashAttribute("flashMessage", "generation.page.cancelled");
        redirect.addFlashAttribute("flashArg", id);
        return "redirect:/projects/" + slug + "/generation";
    }

    @PostMapping("/runs/{id}/retry")
    @RefusalShows("/projects/{slug}/generation")
    String retry(
            @PathVariable String slug,
            @PathVariable long id,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        if (runs.getAnyKind(me, slug, id).isJudge()) {
            judgeRuns.retryFailed(me, slug, id);
        } else {
            runs.retryFailed(me, slug, id);
        }
        redirect.addFlashAttribute("flashMessage", "generation.page.retried");
        redirect.addFlashAttribute("flashArg", id);
        return "redirect:/projects/" + slug + "/generation";
    }

    private String showPage(String slug, AccountPrincipal me, Model model) {
        List<EndpointView> registered = endpoints.list(me);
        // With one endpoint there is nothing to choose: both forms start with it chosen.
        @Nullable
        String only =
                registered.size() == 1 ? String.valueOf(registered.getFirst().id()) : null;
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", RunForm.empty(only));
        }
        String projectPrompt = judgeRuns.projectPrompt(me, slug);
        if (!model.containsAttribute("judgeForm")) {
            model.addAttribute(
                    "judgeForm", JudgeRunForm.empty(only, judgeRuns.hasHumanRankings(me, slug), projectPrompt));
        }
        model.addAttribute("defaultJudgePrompt", projectPrompt);
        addRuns(slug, me, model);
        model.addAttribute("endpoints", registered);
        model.addAttribute("project", projects.requireVisible(slug, me));
        return "generation/runs";
    }

    private void addRuns(String slug, AccountPrincipal me, Model model) {
        List<RunView> list = runs.listAllKinds(me, slug);
        model.addAttribute("runs", list);
        model.addAttribute("anyRunning", list.stream().anyMatch(RunView::isRunning));
        model.addAttribute("slug", slug);
    }
}
