package dev.feedloop.ranking.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.GuidelineView;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.ranking.RankForms;
import dev.feedloop.ranking.RankTaskView;
import dev.feedloop.ranking.RankTasks;
import dev.feedloop.rendering.MarkdownRenderer;
import dev.feedloop.rendering.WordDiff;
import dev.feedloop.workqueue.ClaimedTask;
import dev.feedloop.workqueue.RankSubmission;
import dev.feedloop.workqueue.ShownCandidate;
import dev.feedloop.workqueue.SubmittedJudgment;
import dev.feedloop.workqueue.WorkQueue;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rank page: the annotator's current rank task, the submit that opens the next one at once,
 * and the word diff between two of the task's answers.
 */
@Controller
class RankController {

    private final WorkQueue queue;
    private final RankTasks rankTasks;
    private final Projects projects;
    private final MarkdownRenderer markdown;
    private final WordDiff wordDiff;
    private final MessageSource messages;
    private final JsonMapper json;

    RankController(
            WorkQueue queue,
            RankTasks rankTasks,
            Projects projects,
            MarkdownRenderer markdown,
            WordDiff wordDiff,
            MessageSource messages,
            JsonMapper json) {
        this.queue = queue;
        this.rankTasks = rankTasks;
        this.projects = projects;
        this.markdown = markdown;
        this.wordDiff = wordDiff;
        this.messages = messages;
        this.json = json;
    }

    @GetMapping("/projects/{slug}/rank")
    String rank(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me, Model model, Locale locale) {
        RankTaskView page = rankTasks.open(slug, me, startOfToday());
        ProjectSettings project = page.project();
        model.addAttribute("project", project);
        model.addAttribute("today", page.today());
        if (page.task().isEmpty()) {
            return "ranking/rank-empty";
        }
        ClaimedTask task = page.task().get();
        List<RankPage.Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < task.candidates().size(); i++) {
            ShownCandidate c = task.candidates().get(i);
            candidates.add(new RankPage.Candidate(RankPage.letter(i), c.id(), c.model(), markdown.render(c.content())));
        }
        GuidelineView guidelines = page.guidelines();
        model.addAttribute(
                "turns",
                task.item().messages().stream()
                        .map(m -> new RankPage.Turn(m.role(), markdown.render(m.content())))
                        .toList());
        model.addAttribute("candidates", candidates);
        model.addAttribute(
                "dimensions",
                project.ratingDimensions().stream()
                        .map(d -> new RankPage.Dimension(
                                d.name(), label("ranking.dimension.", d.name(), locale), d.min(), d.max()))
                        .toList());
        model.addAttribute(
                "flags",
                project.flags().stream()
                        .map(f -> new RankPage.Flag(f, label("ranking.flag.", f, locale)))
                        .toList());
        model.addAttribute(
                "guidelines", new RankPage.Guidelines(guidelines.version(), markdown.render(guidelines.content())));
        model.addAttribute("lease", new RankPage.Lease(task.taskId(), task.leaseToken(), task.leaseExpiresAt()));
        model.addAttribute(
                "skipReasons",
                List.of(
                        "unclear_prompt",
                        "needs_expertise",
                        "harmful_content",
                        "broken_item",
                        "conflict_of_interest",
                        "other"));
        return "ranking/rank";
    }

    /**
     * Stores the ranking and opens the next task. A refused submit shows why; when it had a
     * rationale, that text is shown on its own to copy. The form names candidates by their position
     * on the page ({@code candidate} lists the ids in that order): {@code tiers} is JSON like {@code
     * [[0],[1,2]]}, ratings are {@code rating-<candidate>-<dimension>} and flags {@code
     * flag-<candidate>}.
     */
    @PostMapping("/projects/{slug}/rank/{taskId}")
    String submit(
            @PathVariable String slug,
            @PathVariable long taskId,
            @AuthenticationPrincipal AccountPrincipal me,
            @RequestParam MultiValueMap<String, String> form,
            RedirectAttributes redirect,
            Model model,
            HttpServletResponse response) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.ANNOTATOR);
        try {
            SubmittedJudgment judgment = queue.submit(taskId, me, submission(form, project));
            redirect.addFlashAttribute("flashMessage", judgment.late() ? "ranking.submittedLate" : "ranking.submitted");
        } catch (Refusal e) {
            // Not the page advice: a typed rationale is shown on its own page to copy (the rank page
            // keeps no drafts and a redirect would lose it). 403 and 404 go to the status pages.
            if (e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()
                    || e.getStatusCode().value() == HttpStatus.FORBIDDEN.value()) {
                throw e;
            }
            String rationale = form.getFirst("rationale");
            if (rationale != null && !rationale.isBlank()) {
                response.setStatus(e.getStatusCode().value());
                model.addAttribute("project", project);
                model.addAttribute("reason", e.messageCode());
                model.addAttribute("keptText", rationale);
                return "ranking/rank-kept";
            }
            redirect.addFlashAttribute("flashError", e.messageCode());
        }
        return "redirect:/projects/{slug}/rank";
    }

    /**
     * The word diff between two answers of a task the person holds (an htmx fragment); {@code left}
     * and {@code right} name them as the page does.
     */
    @GetMapping("/projects/{slug}/rank/{taskId}/diff")
    String diff(
            @PathVariable String slug,
            @PathVariable long taskId,
            @AuthenticationPrincipal AccountPrincipal me,
            @RequestParam UUID leaseToken,
            @RequestParam String left,
            @RequestParam String right,
            Model model) {
        List<ShownCandidate> candidates = queue.shownCandidates(taskId, me, leaseToken);
        model.addAttribute("segments", wordDiff.diff(content(candidates, left), content(candidates, right)));
        return "ranking/rank :: diff";
    }

    RankSubmission submission(MultiValueMap<String, String> form, ProjectSettings project) {
        return RankForms.read(form, project, json, "rationale");
    }

    private static String content(List<ShownCandidate> candidates, String id) {
        return candidates.stream()
                .filter(c -> c.id().equals(id))
                .map(ShownCandidate::content)
                .findFirst()
                .orElse("");
    }

    private String label(String prefix, String name, Locale locale) {
        String fallback = name.isEmpty()
                ? name
                : Character.toUpperCase(name.charAt(0)) + name.substring(1).replace('_', ' ');
        return messages.getMessage(prefix + name, null, fallback, locale);
    }

    private static java.time.Instant startOfToday() {
        return LocalDate.now().atStartOfDay(ZoneId.systemDefault()).toInstant();
    }
}
