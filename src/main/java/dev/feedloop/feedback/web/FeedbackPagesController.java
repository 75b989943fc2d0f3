package dev.feedloop.feedback.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.feedback.CreatedIntakeToken;
import dev.feedloop.feedback.FeedbackFilter;
import dev.feedloop.feedback.FeedbackPage;
import dev.feedloop.feedback.FeedbackSettings;
import dev.feedloop.feedback.FeedbackState;
import dev.feedloop.feedback.FeedbackView;
import dev.feedloop.feedback.Feedbacks;
import dev.feedloop.feedback.IntakeTokens;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.problems.RefusedInput;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.projects.Round;
import dev.feedloop.projects.Rounds;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The feedback a project received (administrators and its reviewers), and its intake tokens and
 * options (administrators).
 */
@Controller
class FeedbackPagesController {

    static final int PAGE = 50;

    private final Feedbacks feedbacks;
    private final IntakeTokens tokens;
    private final FeedbackSettings settings;
    private final Projects projects;
    private final Rounds rounds;

    FeedbackPagesController(
            Feedbacks feedbacks, IntakeTokens tokens, FeedbackSettings settings, Projects projects, Rounds rounds) {
        this.feedbacks = feedbacks;
        this.tokens = tokens;
        this.settings = settings;
        this.projects = projects;
        this.rounds = rounds;
    }

    @GetMapping("/projects/{slug}/feedback")
    String list(
            @PathVariable String slug,
            @RequestParam(required = false) String state,
            @RequestParam(required = false) String rating,
            @RequestParam(required = false) String model,
            @RequestParam(required = false) String tag,
            @RequestParam(required = false) Long after,
            @AuthenticationPrincipal AccountPrincipal me,
            Model page) {
        ProjectSettings project = feedbacks.requireReader(slug, me);
        FeedbackFilter filter = FeedbackFilter.parse(state, rating, model, tag);
        page.addAttribute("project", project);
        page.addAttribute("myRoles", projects.rolesOf(project.id(), me));
        FeedbackPage found = feedbacks.page(slug, filter, after, PAGE, me);
        page.addAttribute("page", found);
        page.addAttribute("roundOf", roundOf(found.feedback(), rounds.of(project.id())));
        page.addAttribute("filter", filter);
        page.addAttribute(
                "states",
                Arrays.stream(FeedbackState.values()).map(FeedbackState::code).toList());
        page.addAttribute("models", feedbacks.models(project.id()));
        return "feedback/feedback";
    }

    /** The name of the round each feedback was received in, by feedback id (none outside every round). */
    private static Map<Long, String> roundOf(List<FeedbackView> feedback, List<Round> all) {
        Map<Long, String> names = new HashMap<>();
        for (FeedbackView f : feedback) {
            all.stream()
                    .filter(r -> r.contains(f.receivedAt()))
                    .findFirst()
                    .ifPresent(r -> names.put(f.id(), r.name()));
        }
        return names;
    }

    @GetMapping("/projects/{slug}/feedback/tokens")
    String tokens(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me, Model model) {
        model.addAttribute("tokens", tokens.list(slug, me));
        model.addAttribute("project", projects.requireVisible(slug, me));
        FeedbackSettings.Options options = settings.get(slug, me);
        model.addAttribute("options", options);
        String kept = RefusedInput.kept(model, "upThreshold");
        model.addAttribute(
                "threshold", kept != null ? kept : options.upThreshold().toPlainString());
        return "feedback/tokens";
    }

    /** Makes a token and shows its secret once, on the page the redirect opens. */
    @PostMapping("/projects/{slug}/feedback/tokens")
    @RefusalShows("/projects/{slug}/feedback/tokens")
    String create(
            @PathVariable String slug,
            @RequestParam(required = false) String name,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        CreatedIntakeToken created = tokens.create(slug, name, me);
        // flash attributes are kept on the server between the two requests: plain strings only
        redirect.addFlashAttribute("createdTokenName", created.view().name());
        redirect.addFlashAttribute("createdToken", created.token());
        return "redirect:/projects/{slug}/feedback/tokens";
    }

    @PostMapping("/projects/{slug}/feedback/tokens/{id}/revoke")
    @RefusalShows(
            value = "/projects/{slug}/feedback/tokens",
            statuses = {404})
    String revoke(
            @PathVariable String slug,
            @PathVariable long id,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        tokens.revoke(slug, id, me);
        redirect.addFlashAttribute("flashMessage", "feedback.tokens.revoked");
        return "redirect:/projects/{slug}/feedback/tokens";
    }

    @PostMapping("/projects/{slug}/feedback/settings")
    @RefusalShows(value = "/projects/{slug}/feedback/tokens", keep = "upThreshold")
    String saveSettings(
            @PathVariable String slug,
            @RequestParam(required = false) String upThreshold,
            @RequestParam(defaultValue = "false") boolean taskAlways,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        settings.update(slug, upThreshold, taskAlways, me);
        redirect.addFlashAttribute("flashMessage", "feedback.settings.saved");
        return "redirect:/projects/{slug}/feedback/tokens";
    }
}
