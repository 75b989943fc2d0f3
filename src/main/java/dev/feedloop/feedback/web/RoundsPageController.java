package dev.feedloop.feedback.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.feedback.Feedbacks;
import dev.feedloop.feedback.RoundSummaries;
import dev.feedloop.feedback.RoundSummary;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.problems.RefusedInput;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.projects.Rounds;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The rounds page: round over round for administrators and the project's reviewers; creating,
 * editing, closing and deleting rounds for administrators. Its "Snapshot this round" buttons post to
 * the export module's page ({@code /projects/{slug}/export/rounds/{name}/snapshots}).
 */
@Controller
class RoundsPageController {

    private final RoundSummaries summaries;
    private final Rounds rounds;
    private final Feedbacks feedbacks;
    private final Projects projects;

    RoundsPageController(RoundSummaries summaries, Rounds rounds, Feedbacks feedbacks, Projects projects) {
        this.summaries = summaries;
        this.rounds = rounds;
        this.feedbacks = feedbacks;
        this.projects = projects;
    }

    /** One round as the page shows it, with its times as form values. */
    record RoundRow(RoundSummary summary, String startsAt, String endsAt) {}

    @GetMapping("/projects/{slug}/rounds")
    String page(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me, Model model) {
        ProjectSettings project = feedbacks.requireReader(slug, me);
        List<RoundRow> rows = summaries.of(slug, me).stream()
                .map(s -> new RoundRow(
                        s,
                        RoundForm.local(s.round().startsAt()),
                        RoundForm.local(s.round().endsAt())))
                .toList();
        model.addAttribute("project", project);
        model.addAttribute("myRoles", projects.rolesOf(project.id(), me));
        model.addAttribute("rows", rows);
        model.addAttribute(
                "kept",
                new RoundForm(
                        RefusedInput.kept(model, "name"),
                        RefusedInput.kept(model, "modelVersion"),
                        RefusedInput.kept(model, "startsAt"),
                        RefusedInput.kept(model, "endsAt")));
        return "feedback/rounds";
    }

    @PostMapping("/projects/{slug}/rounds")
    @RefusalShows(
            value = "/projects/{slug}/rounds",
            keep = {"name", "modelVersion", "startsAt", "endsAt"})
    String create(
            @PathVariable String slug,
            RoundForm form,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        rounds.create(slug, form.definition(), me);
        redirect.addFlashAttribute("flashMessage", "rounds.created");
        redirect.addFlashAttribute("flashArg", form.name().strip());
        return "redirect:/projects/{slug}/rounds";
    }

    @PostMapping("/projects/{slug}/rounds/{round}")
    @RefusalShows(
            value = "/projects/{slug}/rounds",
            statuses = {400, 404, 409, 422})
    String update(
            @PathVariable String slug,
            @PathVariable("round") String current,
            RoundForm form,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        rounds.update(slug, current, form.definition(), me);
        redirect.addFlashAttribute("flashMessage", "rounds.saved");
        redirect.addFlashAttribute("flashArg", form.name().strip());
        return "redirect:/projects/{slug}/rounds";
    }

    @PostMapping("/projects/{slug}/rounds/{round}/close")
    @RefusalShows(
            value = "/projects/{slug}/rounds",
            statuses = {404, 409})
    String close(
            @PathVariable String slug,
            @PathVariable String round,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        rounds.close(slug, round, me);
        redirect.addFlashAttribute("flashMessage", "rounds.closed");
        redirect.addFlashAttribute("flashArg", round);
        return "redirect:/projects/{slug}/rounds";
    }

    @PostMapping("/projects/{slug}/rounds/{round}/delete")
    @RefusalShows(
            value = "/projects/{slug}/rounds",
            statuses = {404})
    String delete(
            @PathVariable String slug,
            @PathVariable String round,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        rounds.delete(slug, round, me);
        redirect.addFlashAttribute("flashMessage", "rounds.deleted");
        redirect.addFlashAttribute("flashArg", round);
        return "redirect:/projects/{slug}/rounds";
    }
}
