package dev.feedloop.quality.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.ingest.Items;
import dev.feedloop.ingest.PriorJudgments;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.quality.ItemDetail;
import dev.feedloop.quality.ItemExplorer;
import dev.feedloop.quality.ItemJudgments;
import dev.feedloop.quality.ItemList;
import dev.feedloop.rendering.MarkdownRenderer;
import dev.feedloop.workqueue.ExtraRankings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The item explorer: a project's items with filters and keyset paging, and one item with every
 * judgment of it; administrators mark an item gold, ask for more rankings of it and exclude it from
 * exports there. For
 * administrators and the project's reviewers (reviewers see it without the actions).
 */
@Controller
class ItemExplorerController {

    private final ItemExplorer explorer;
    private final Items items;
    private final PriorJudgments priorJudgments;
    private final ExtraRankings extraRankings;
    private final Projects projects;
    private final MarkdownRenderer markdown;

    ItemExplorerController(
            ItemExplorer explorer,
            Items items,
            PriorJudgments priorJudgments,
            ExtraRankings extraRankings,
            Projects projects,
            MarkdownRenderer markdown) {
        this.explorer = explorer;
        this.items = items;
        this.priorJudgments = priorJudgments;
        this.extraRankings = extraRankings;
        this.projects = projects;
        this.markdown = markdown;
    }

    @GetMapping("/projects/{slug}/items")
    String list(
            @PathVariable String slug,
            @ModelAttribute("filters") ItemFilters filters,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        ItemList page = explorer.page(slug, filters.query(), me);
        ProjectSettings project = projects.requireVisible(slug, me);
        model.addAttribute("project", project);
        model.addAttribute("myRoles", projects.rolesOf(project.id(), me));
        model.addAttribute("page", page);
        model.addAttribute("locale", LocaleContextHolder.getLocale());
        model.addAttribute(
                "rows",
                page.rows().stream()
                        .map(r -> new ItemRow(r, Shown.share(agreement(r.agreement()), null, locale())))
                        .toList());
        model.addAttribute("nextHref", page.next() == null ? null : filters.href(slug, "after", page.next()));
        model.addAttribute(
                "previousHref", page.previous() == null ? null : filters.href(slug, "before", page.previous()));
        model.addAttribute("firstHref", filters.href(slug, null, null));
        model.addAttribute("flags", project.flags());
        model.addAttribute("states", dev.feedloop.quality.ItemState.values());
        model.addAttribute("belowInvalid", filters.belowInvalid());
        model.addAttribute("filtered", filters.filtered());
        return "quality/items";
    }

    @GetMapping("/projects/{slug}/items/{externalId}")
    String item(
            @PathVariable String slug,
            @PathVariable String externalId,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        ItemDetail detail = explorer.item(slug, externalId, me);
        Locale locale = locale();
        ProjectSettings project = projects.requireVisible(slug, me);
        model.addAttribute("project", project);
        model.addAttribute("myRoles", projects.rolesOf(project.id(), me));
        model.addAttribute("detail", detail);
        model.addAttribute("round", explorer.roundOf(slug, externalId, me).orElse(null));
        model.addAttribute("row", detail.summary());
        model.addAttribute(
                "turns",
                detail.item().item().messages().stream()
                        .map(m -> new Turn(m.role(), markdown.render(m.content())))
                        .toList());
        model.addAttribute(
                "candidates",
                detail.item().candidates().stream()
                        .map(c -> new Candidate(c.externalId(), c.model(), markdown.render(c.content())))
                        .toList());
        model.addAttribute("rankings", rankings(detail.judgments()));
        model.addAttribute("priorJudgments", priorJudgments.of(slug, externalId, me));
        model.addAttribute(
                "demonstrations",
                detail.demonstrations().stream()
                        .map(d -> new DemonstrationRow(d, markdown.render(d.content())))
                        .toList());
        ItemDetail.Measures measures = detail.measures();
        model.addAttribute("withTies", Shown.share(agreement(measures.withTies()), null, locale));
        model.addAttribute("withoutTies", Shown.share(agreement(measures.withoutTies()), null, locale));
        model.addAttribute(
                "kendallW", Shown.decimal(measures.kendallW() == null ? Double.NaN : measures.kendallW(), 2, locale));
        model.addAttribute(
                "goldTiers",
                detail.gold() == null ? null : GoldForm.text(detail.gold().tiers()));
        if (!model.containsAttribute("goldForm")) {
            model.addAttribute("goldForm", GoldForm.of(detail.gold()));
        }
        if (!model.containsAttribute("exclusionForm")) {
            model.addAttribute("exclusionForm", ExclusionForm.EMPTY);
        }
        if (!model.containsAttribute("moreRankingsForm")) {
            model.addAttribute("moreRankingsForm", MoreRankingsForm.ONE);
        }
        model.addAttribute("slots", extraRankings.slots(items.requireId(project.id(), externalId)));
        model.addAttribute("maxRequest", ExtraRankings.MAX_REQUEST);
        model.addAttribute("admin", me.admin());
        return "quality/item";
    }

    @PostMapping("/projects/{slug}/items/{externalId}/gold")
    @RefusalShows(value = "/projects/{slug}/items/{externalId}#gold", form = "goldForm", fieldsAs = "gold=tiers")
    String setGold(
            @PathVariable String slug,
            @PathVariable String externalId,
            @ModelAttribute("goldForm") GoldForm form,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        items.setGold(slug, externalId, form.answer(), me);
        redirect.addFlashAttribute("flashMessage", "quality.items.gold.saved");
        return back(slug, externalId);
    }

    @PostMapping("/projects/{slug}/items/{externalId}/gold/clear")
    @RefusalShows("/projects/{slug}/items/{externalId}")
    String clearGold(
            @PathVariable String slug,
            @PathVariable String externalId,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        items.clearGold(slug, externalId, me);
        redirect.addFlashAttribute("flashMessage", "quality.items.gold.cleared");
        return back(slug, externalId);
    }

    @PostMapping("/projects/{slug}/items/{externalId}/exclusion")
    @RefusalShows(value = "/projects/{slug}/items/{externalId}#exclusion", form = "exclusionForm")
    String exclude(
            @PathVariable String slug,
            @PathVariable String externalId,
            @ModelAttribute("exclusionForm") ExclusionForm form,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        items.exclude(slug, externalId, form.reason(), me);
        redirect.addFlashAttribute("flashMessage", "quality.items.exclusion.excluded");
        return back(slug, externalId);
    }

    @PostMapping("/projects/{slug}/items/{externalId}/exclusion/clear")
    @RefusalShows("/projects/{slug}/items/{externalId}")
    String include(
            @PathVariable String slug,
            @PathVariable String externalId,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        items.include(slug, externalId, me);
        redirect.addFlashAttribute("flashMessage", "quality.items.exclusion.included");
        return back(slug, externalId);
    }

    @PostMapping("/projects/{slug}/items/{externalId}/extra-rankings")
    @RefusalShows(value = "/projects/{slug}/items/{externalId}#more-rankings", form = "moreRankingsForm")
    String moreRankings(
            @PathVariable String slug,
            @PathVariable String externalId,
            @ModelAttribute("moreRankingsForm") MoreRankingsForm form,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        ExtraRankings.Added added =
                extraRankings.request(slug, externalId, form.count() == null ? 0 : form.count(), me);
        redirect.addFlashAttribute("flashMessage", "quality.items.moreRankings.added");
        redirect.addFlashAttribute("flashArg", added.added());
        return back(slug, externalId);
    }

    private static String back(String slug, String externalId) {
        return "redirect:"
                + UriComponentsBuilder.fromPath("/projects/{slug}/items/{externalId}")
                        .buildAndExpand(slug, externalId)
                        .encode()
                        .toUriString();
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }

    private static double agreement(Double share) {
        return share == null ? Double.NaN : share;
    }

    /** A row of the list with its agreement as shown. */
    record ItemRow(ItemList.Row item, Shown.Share agreement) {}

    /** A turn of the conversation, rendered. */
    record Turn(String role, String html) {}

    /** A candidate, rendered. */
    record Candidate(String externalId, String model, String html) {}

    /** A demonstration, rendered. */
    record DemonstrationRow(ItemDetail.Demonstration demonstration, String html) {}

    /**
     * A ranking as the item page shows it: its tiers as text ({@code b > a = c}), and per candidate
     * the ratings and flags it gave.
     */
    record RankingRow(ItemJudgments.Ranking ranking, String tiers, List<CandidateMarks> marks) {}

    /** What one ranking gave one candidate besides its place: ratings as "name value" and flags. */
    record CandidateMarks(String candidate, List<String> ratings, List<String> flags) {}

    private static List<RankingRow> rankings(ItemJudgments judgments) {
        List<RankingRow> rows = new ArrayList<>();
        for (ItemJudgments.Ranking ranking : judgments.rankings()) {
            List<CandidateMarks> marks = new ArrayList<>();
            for (ItemJudgments.Candidate candidate : judgments.candidates()) {
                List<String> ratings = new ArrayList<>();
                var given = ranking.ratings().path(candidate.externalId());
                for (String dimension : given.propertyNames()) {
                    ratings.add(dimension + " " + given.get(dimension).asString());
                }
                List<String> flags = new ArrayList<>();
                ranking.flags().path(candidate.externalId()).forEach(f -> flags.add(f.asString()));
                if (!ratings.isEmpty() || !flags.isEmpty()) {
                    marks.add(new CandidateMarks(candidate.externalId(), ratings, flags));
                }
            }
            rows.add(new RankingRow(ranking, ranking.noneAcceptable() ? "" : GoldForm.text(ranking.tiers()), marks));
        }
        return rows;
    }
}
