package dev.feedloop.review.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.labeling.DemonstrationView;
import dev.feedloop.labeling.ModelHelp;
import dev.feedloop.labeling.WritingHelp;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.projects.GuidelineView;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.rendering.MarkdownRenderer;
import dev.feedloop.rendering.WordDiff;
import dev.feedloop.review.ReviewTask;
import dev.feedloop.review.ReviewedFixes;
import dev.feedloop.review.Reviews;
import java.util.Optional;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The review page: the oldest demonstration waiting for review, and the three decisions on it. */
@Controller
class ReviewController {

    private final Reviews reviews;
    private final Projects projects;
    private final MarkdownRenderer markdown;
    private final WordDiff wordDiff;
    private final WritingHelp help;
    private final ReviewedFixes fixes;

    ReviewController(
            Reviews reviews,
            Projects projects,
            MarkdownRenderer markdown,
            WordDiff wordDiff,
            WritingHelp help,
            ReviewedFixes fixes) {
        this.help = help;
        this.fixes = fixes;
        this.reviews = reviews;
        this.projects = projects;
        this.markdown = markdown;
        this.wordDiff = wordDiff;
    }

    /** What the review page shows about one demonstration. */
    record Turn(String role, String html) {}

    record Guidelines(int version, String html) {}

    @GetMapping("/projects/{slug}/review")
    String review(
            @PathVariable String slug,
            @AuthenticationPrincipal AccountPrincipal me,
            @RequestParam(required = false) Long after,
            Model model) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        model.addAttribute("project", project);
        Optional<ReviewTask> next = reviews.next(slug, me, after);
        if (next.isEmpty()) {
            model.addAttribute("passedOver", after != null);
            return "review/review-empty";
        }
        ReviewTask task = next.get();
        DemonstrationView demonstration = task.demonstration();
        GuidelineView guidelines = projects.currentGuidelines(project.id());
        model.addAttribute("task", task);
        model.addAttribute("demonstration", demonstration);
        model.addAttribute(
                "turns",
                task.item().messages().stream()
                        .map(m -> new Turn(m.role(), markdown.render(m.content())))
                        .toList());
        model.addAttribute("demonstrationHtml", markdown.render(demonstration.content()));
        model.addAttribute(
                "basedOnHtml",
                task.basedOn() == null ? null : markdown.render(task.basedOn().content()));
        model.addAttribute(
                "diff",
                task.basedOn() == null ? null : wordDiff.diff(task.basedOn().content(), demonstration.content()));
        model.addAttribute(
                "activeMinutes", demonstration.activeSeconds() == null ? null : demonstration.activeSeconds() / 60);
        model.addAttribute(
                "activeRest", demonstration.activeSeconds() == null ? null : demonstration.activeSeconds() % 60);
        model.addAttribute("guidelines", new Guidelines(guidelines.version(), markdown.render(guidelines.content())));
        model.addAttribute("skipReasons", java.util.List.of());
        // What models did for the author: the draft it started from, and their last check of it.
        ModelHelp modelHelp = help.ofDemonstration(demonstration.id());
        model.addAttribute("modelDraft", modelHelp.startedFrom().orElse(null));
        model.addAttribute(
                "modelDraftHtml",
                modelHelp.startedFrom().map(d -> markdown.render(d.content())).orElse(null));
        model.addAttribute(
                "modelDraftDiff",
                modelHelp
                        .startedFrom()
                        .map(d -> wordDiff.diff(d.content(), demonstration.content()))
                        .orElse(null));
        // A fix of a reply reported from production: the report, the bad reply, and the fix against it.
        Optional<ReviewedFixes.FixUnderReview> fix = fixes.of(task);
        model.addAttribute("fix", fix.map(ReviewedFixes.FixUnderReview::fix).orElse(null));
        model.addAttribute(
                "badReply", fix.map(ReviewedFixes.FixUnderReview::badReply).orElse(null));
        model.addAttribute(
                "badReplyHtml",
                fix.map(f -> markdown.render(f.badReply().content())).orElse(null));
        model.addAttribute(
                "fixDiff",
                fix.map(f -> wordDiff.diff(f.badReply().content(), demonstration.content()))
                        .orElse(null));
        model.addAttribute("critique", modelHelp.critique().orElse(null));
        model.addAttribute(
                "critiqueHtml",
                modelHelp
                        .critique()
                        .filter(c -> !c.listed())
                        .map(c -> markdown.render(c.text()))
                        .orElse(null));
        return "review/review";
    }

    @PostMapping("/projects/{slug}/review/{demonstrationId}/approve")
    @RefusalShows("/projects/{slug}/review")
    String approve(
            @PathVariable String slug,
            @PathVariable long demonstrationId,
            @AuthenticationPrincipal AccountPrincipal me,
            @RequestParam(required = false) String comment,
            RedirectAttributes redirect) {
        return decide(redirect, "review.approved", () -> reviews.approve(slug, demonstrationId, me, comment));
    }

    @PostMapping("/projects/{slug}/review/{demonstrationId}/reject")
    @RefusalShows("/projects/{slug}/review")
    String reject(
            @PathVariable String slug,
            @PathVariable long demonstrationId,
            @AuthenticationPrincipal AccountPrincipal me,
            @RequestParam(required = false) String comment,
            RedirectAttributes redirect) {
        return decide(redirect, "review.rejected", () -> reviews.reject(slug, demonstrationId, me, comment));
    }

    @PostMapping("/projects/{slug}/review/{demonstrationId}/edit")
    @RefusalShows("/projects/{slug}/review")
    String edit(
            @PathVariable String slug,
            @PathVariable long demonstrationId,
            @AuthenticationPrincipal AccountPrincipal me,
            @RequestParam(required = false) String content,
            @RequestParam(required = false) String comment,
            RedirectAttributes redirect) {
        return decide(
                redirect, "review.edited", () -> reviews.editAndApprove(slug, demonstrationId, me, content, comment));
    }

    private static String decide(RedirectAttributes redirect, String done, Runnable decision) {
        decision.run();
        redirect.addFlashAttribute("flashMessage", done);
        return "redirect:/projects/{slug}/review";
    }
}
