package dev.feedloop.quality.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.ingest.CandidateView;
import dev.feedloop.problems.Refusal;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.projects.GuidelineView;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.quality.AdjudicationCase;
import dev.feedloop.quality.AdjudicationQueue;
import dev.feedloop.quality.Adjudications;
import dev.feedloop.quality.ItemJudgments;
import dev.feedloop.ranking.RankForms;
import dev.feedloop.rendering.MarkdownRenderer;
import dev.feedloop.workqueue.RankSubmission;
import dev.feedloop.workqueue.ShownCandidate;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * The adjudication pages, for a project's reviewers and administrators: the queue of items that
 * still disagree after their extra rankings (and the decided ones), and one item with every ranking
 * side by side and the rank page's widget for the deciding ranking and a note.
 */
@Controller
class AdjudicationController {

    static final int PAGE = 25;

    private final Adjudications adjudications;
    private final Projects projects;
    private final MarkdownRenderer markdown;
    private final MessageSource messages;
    private final JsonMapper json;

    AdjudicationController(
            Adjudications adjudications,
            Projects projects,
            MarkdownRenderer markdown,
            MessageSource messages,
            JsonMapper json) {
        this.adjudications = adjudications;
        this.projects = projects;
        this.markdown = markdown;
        this.messages = messages;
        this.json = json;
    }

    /** One turn of the conversation, rendered by the safe markdown renderer. */
    record Turn(String role, String html) {}

    /** A candidate card as the rank page's fragment shows it; {@code id} is its external id. */
    record Candidate(String letter, String id, String model, String html) {}

    record Dimension(String name, String label, int min, int max) {}

    record Flag(String name, String label) {}

    record Guidelines(int version, String html) {}

    /** A ranking in the side-by-side view: each candidate's tier (by the page's letters) and the rest. */
    record RankingColumn(ItemJudgments.Ranking ranking, List<String> order, Map<String, String> ratings) {}

    @GetMapping("/projects/{slug}/adjudicate")
    String queue(
            @PathVariable String slug,
            @RequestParam(defaultValue = "needed") String state,
            @RequestParam(required = false) Long after,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        AdjudicationQueue queue = adjudications.list(slug, state, after, PAGE, me);
        ProjectSettings project = projects.requireVisible(slug, me);
        model.addAttribute("project", project);
        model.addAttribute("myRoles", projects.rolesOf(project.id(), me));
        model.addAttribute("state", state.equals("decided") ? "decided" : "needed");
        model.addAttribute("queue", queue);
        model.addAttribute("after", after);
        return "quality/adjudicate";
    }

    /** The project nav's link with the number of items waiting (an htmx fragment; empty for others). */
    @GetMapping("/projects/{slug}/adjudicate/link")
    String link(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me, Model model) {
        adjudications.adjudicator(slug, me).ifPresent(project -> {
            model.addAttribute("project", project);
            model.addAttribute("waiting", adjudications.neededCount(project));
        });
        return "quality/adjudicate :: link";
    }

    @GetMapping("/projects/{slug}/adjudicate/{externalId}")
    String item(
            @PathVariable String slug,
            @PathVariable String externalId,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model,
            Locale locale) {
        show(adjudications.open(slug, externalId, me), null, model, locale);
        return "quality/adjudication";
    }

    /**
     * Stores the decision and opens the next item that waits. A refused decision (another reviewer
     * decided meanwhile, an incomplete ranking) shows the item again, as it is now, with the message
     * and the typed note in its field, so nothing typed is lost; 403 and 404 go to the status pages.
     */
    @PostMapping("/projects/{slug}/adjudicate/{externalId}")
    String decide(
            @PathVariable String slug,
            @PathVariable String externalId,
            @RequestParam MultiValueMap<String, String> form,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect,
            Model model,
            Locale locale,
            HttpServletResponse response) {
        AdjudicationCase current = adjudications.open(slug, externalId, me);
        String note = form.getFirst("note");
        try {
            RankSubmission ranking = RankForms.read(form, current.project(), json, "note");
            adjudications.decide(slug, externalId, ranking, note, version(form.getFirst("version")), me);
        } catch (Refusal e) {
            if (e.getStatusCode().value() == HttpStatus.NOT_FOUND.value()
                    || e.getStatusCode().value() == HttpStatus.FORBIDDEN.value()) {
                throw e;
            }
            response.setStatus(e.getStatusCode().value());
            model.addAttribute("refusal", e.messageCode());
            show(adjudications.open(slug, externalId, me), note, model, locale);
            return "quality/adjudication";
        }
        redirect.addFlashAttribute("flashMessage", "quality.adjudication.saved");
        redirect.addFlashAttribute("flashArg", externalId);
        AdjudicationQueue next = adjudications.needed(slug, null, 1, me);
        return next.items().isEmpty()
                ? "redirect:/projects/{slug}/adjudicate"
                : "redirect:/projects/{slug}/adjudicate/"
                        + encode(next.items().getFirst().externalId());
    }

    @PostMapping("/projects/{slug}/adjudicate/{externalId}/clear")
    @RefusalShows(
            value = "/projects/{slug}/adjudicate/{externalId}",
            statuses = {409})
    String clear(
            @PathVariable String slug,
            @PathVariable String externalId,
            @RequestParam(required = false) Integer version,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        adjudications.clear(slug, externalId, version, me);
        redirect.addFlashAttribute("flashMessage", "quality.adjudication.cleared");
        redirect.addFlashAttribute("flashArg", externalId);
        return "redirect:/projects/{slug}/adjudicate/" + encode(externalId);
    }

    private void show(AdjudicationCase c, String keptNote, Model model, Locale locale) {
        ProjectSettings project = c.project();
        model.addAttribute("project", project);
        model.addAttribute("adjudication", c);
        model.addAttribute(
                "turns",
                c.item().item().messages().stream()
                        .map(m -> new Turn(m.role(), markdown.render(m.content())))
                        .toList());
        List<Candidate> candidates = new ArrayList<>();
        Map<String, String> letters = new HashMap<>();
        for (int i = 0; i < c.item().candidates().size(); i++) {
            CandidateView candidate = c.item().candidates().get(i);
            String letter = ShownCandidate.label(i);
            letters.put(candidate.externalId(), letter);
            candidates.add(new Candidate(
                    letter, candidate.externalId(), candidate.model(), markdown.render(candidate.content())));
        }
        model.addAttribute("candidates", candidates);
        model.addAttribute(
                "decisionOrder",
                c.decision() == null
                        ? null
                        : String.join(" > ", order(c.decision().tiers(), letters)));
        model.addAttribute(
                "columns",
                c.judgments().rankings().stream()
                        .map(r -> new RankingColumn(r, order(r.tiers(), letters), ratings(r, letters, locale)))
                        .toList());
        model.addAttribute(
                "dimensions",
                project.ratingDimensions().stream()
                        .map(d -> new Dimension(
                                d.name(), label("ranking.dimension.", d.name(), locale), d.min(), d.max()))
                        .toList());
        model.addAttribute(
                "flags",
                project.flags().stream()
                        .map(f -> new Flag(f, label("ranking.flag.", f, locale)))
                        .toList());
        GuidelineView guidelines = projects.currentGuidelines(project.id());
        model.addAttribute("guidelines", new Guidelines(guidelines.version(), markdown.render(guidelines.content())));
        model.addAttribute(
                "keptText",
                keptNote != null
                        ? keptNote
                        : c.decision() == null ? null : c.decision().note());
        // The current decision's own note is already saved: leaving the page with it loses nothing.
        model.addAttribute(
                "savedText",
                keptNote == null && c.decision() != null ? c.decision().note() : null);
        model.addAttribute(
                "keepKey",
                UUID.nameUUIDFromBytes(
                        ("adjudication:" + c.item().item().id() + ":" + c.version()).getBytes(StandardCharsets.UTF_8)));
    }

    /** The tiers as letters, best first: "B > A = C". */
    private static List<String> order(List<List<String>> tiers, Map<String, String> letters) {
        return tiers.stream()
                .map(tier -> String.join(
                        " = ",
                        tier.stream().map(id -> letters.getOrDefault(id, id)).toList()))
                .toList();
    }

    /** Per candidate letter, its ratings as "Helpfulness 5, Truthfulness 4" and its flags, in the reader's language. */
    private Map<String, String> ratings(ItemJudgments.Ranking ranking, Map<String, String> letters, Locale locale) {
        Map<String, String> result = new java.util.TreeMap<>();
        letters.forEach((id, letter) -> {
            List<String> parts = new ArrayList<>();
            var values = ranking.ratings() == null ? null : ranking.ratings().get(id);
            if (values != null && values.isObject()) {
                values.properties()
                        .forEach(e -> parts.add(label("ranking.dimension.", e.getKey(), locale) + " "
                                + e.getValue().asString()));
            }
            var flags = ranking.flags() == null ? null : ranking.flags().get(id);
            if (flags != null && flags.isArray()) {
                flags.forEach(f -> parts.add("⚑ " + label("ranking.flag.", f.asString(), locale)));
            }
            if (!parts.isEmpty()) {
                result.put(letter, String.join(", ", parts));
            }
        });
        return result;
    }

    private static int version(String text) {
        return text != null && text.matches("\\d{1,9}") ? Integer.parseInt(text) : 0;
    }

    private static String encode(String externalId) {
        return org.springframework.web.util.UriUtils.encodePathSegment(externalId, StandardCharsets.UTF_8);
    }

    private String label(String prefix, String name, Locale locale) {
        String fallback = name.isEmpty()
                ? name
                : Character.toUpperCase(name.charAt(0)) + name.substring(1).replace('_', ' ');
        return messages.getMessage(prefix + name, null, fallback, locale);
    }
}
