package dev.feedloop.export.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.export.Aggregation;
import dev.feedloop.export.AnnotatorPolicy;
import dev.feedloop.export.DatasetCardSettings;
import dev.feedloop.export.DatasetCards;
import dev.feedloop.export.DatasetExporter;
import dev.feedloop.export.ExportFormat;
import dev.feedloop.export.ExportKind;
import dev.feedloop.export.ExportPreview;
import dev.feedloop.export.ExportProperties;
import dev.feedloop.export.JudgePolicy;
import dev.feedloop.export.NdjsonDownloads;
import dev.feedloop.export.PreparedExport;
import dev.feedloop.export.ReviewFilter;
import dev.feedloop.export.SnapshotFile;
import dev.feedloop.export.SnapshotJobView;
import dev.feedloop.export.SnapshotJobs;
import dev.feedloop.export.Snapshots;
import dev.feedloop.export.SplitSelection;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.problems.RefusedInput;
import dev.feedloop.projects.ProjectSettings;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The export page for administrators: choose format, policy and split, see row counts and the
 * first lines (htmx preview), download, freeze snapshots and copy ready {@code curl} lines.
 */
@Controller
@RequestMapping("/projects/{slug}/export")
class ExportPageController {

    static final String TOKEN_HEADER = "-H \"Authorization: Bearer $FEEDLOOP_TOKEN\"";
    private final DatasetExporter exporter;
    private final Snapshots snapshots;
    private final ExportProperties properties;
    private final DatasetCards cards;
    private final SnapshotJobs snapshotJobs;

    ExportPageController(
            DatasetExporter exporter,
            Snapshots snapshots,
            ExportProperties properties,
            DatasetCards cards,
            SnapshotJobs snapshotJobs) {
        this.exporter = exporter;
        this.snapshots = snapshots;
        this.properties = properties;
        this.cards = cards;
        this.snapshotJobs = snapshotJobs;
    }

    @GetMapping
    String page(
            @PathVariable String slug,
            @ModelAttribute("form") ExportForm form,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        ProjectSettings project = exporter.project(slug, me);
        model.addAttribute("project", project);
        model.addAttribute("form", form.withDefaults(properties.defaultSeed(), properties.defaultTestRatio()));
        model.addAttribute("sftFormats", ExportFormat.of(ExportKind.SFT));
        model.addAttribute("preferenceFormats", ExportFormat.of(ExportKind.PREFERENCES));
        model.addAttribute("regressionFormats", ExportFormat.of(ExportKind.REGRESSION));
        model.addAttribute("reviewFilters", ReviewFilter.values());
        model.addAttribute("aggregations", Aggregation.values());
        model.addAttribute("splits", SplitSelection.values());
        model.addAttribute("annotatorPolicies", AnnotatorPolicy.values());
        model.addAttribute("judgePolicies", JudgePolicy.values());
        model.addAttribute("snapshots", rows(slug, me));
        model.addAttribute("snapshotJobs", snapshotJobs.unfinishedOrRecent(project.id()));
        model.addAttribute("card", cardForm(slug, me, model));
        return "export/export";
    }

    /** The card settings as saved, or as typed when saving them was refused. */
    private DatasetCardForm cardForm(String slug, AccountPrincipal me, Model model) {
        DatasetCardSettings saved = cards.settings(slug, me);
        String license = RefusedInput.kept(model, "license");
        String languages = RefusedInput.kept(model, "languages");
        String description = RefusedInput.kept(model, "description");
        return new DatasetCardForm(
                license != null ? license : saved.license(),
                languages != null ? languages : String.join(", ", saved.languages()),
                description != null ? description : saved.description());
    }

    /** Saves the dataset card settings; the next snapshots' cards use them. */
    @PostMapping("/dataset-card")
    @RefusalShows(
            value = "/projects/{slug}/export",
            keep = {"license", "languages", "description"})
    String saveCard(
            @PathVariable String slug,
            @RequestParam(defaultValue = "") String license,
            @RequestParam(defaultValue = "") String languages,
            @RequestParam(defaultValue = "") String description,
            @AuthenticationPrincipal AccountPrincipal me,
            RedirectAttributes redirect) {
        cards.save(slug, me, new DatasetCardSettings(license, List.of(languages.split("[,\\s]+")), description));
        redirect.addFlashAttribute("flashMessage", "export.card.saved");
        return "redirect:/projects/" + slug + "/export#dataset-card";
    }

    @GetMapping("/snapshots/{id}/card")
    ResponseEntity<String> snapshotCard(
            @PathVariable String slug, @PathVariable long id, @AuthenticationPrincipal AccountPrincipal me) {
        return NdjsonDownloads.snapshotCard(snapshots.card(slug, id, me));
    }

    @GetMapping("/snapshots/{id}/archive")
    ResponseEntity<StreamingResponseBody> snapshotArchive(
            @PathVariable String slug, @PathVariable long id, @AuthenticationPrincipal AccountPrincipal me) {
        return NdjsonDownloads.snapshotArchive(snapshots, snapshots.archive(slug, id, me));
    }

    /**
     * The htmx preview: the first lines, the matching {@code curl} lines and a placeholder that asks
     * for the counts ({@link #counts}); refusals shown in its place.
     */
    @GetMapping("/preview")
    @RefusalShows(value = "/projects/{slug}/export", target = "#export-preview")
    String preview(
            @PathVariable String slug,
            @ModelAttribute("form") ExportForm form,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        ExportPreview preview = exporter.preview(slug, me, form.kind(), form.parameters());
        String kind = preview.request().kind().key();
        String query = preview.request().queryString();
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        model.addAttribute("preview", preview);
        model.addAttribute("countsUrl", "/projects/" + slug + "/export/counts?" + query);
        model.addAttribute(
                "curl",
                "curl " + TOKEN_HEADER + " --compressed -o " + slug + "-" + kind + "-"
                        + preview.request().format().key() + ".jsonl \"" + base + "/api/v1/projects/" + slug
                        + "/exports/" + kind + "?" + query + "\"");
        model.addAttribute(
                "curlSnapshot",
                "curl -X POST " + TOKEN_HEADER + " \"" + base + "/api/v1/projects/" + slug + "/snapshots?kind=" + kind
                        + "&" + query + "\"");
        return "export/export :: preview";
    }

    /**
     * The lines per split part of the form's export (htmx, asked by the preview once shown), or that
     * counting took longer than {@code feedloop.export.count-timeout}.
     */
    @GetMapping("/counts")
    @RefusalShows(value = "/projects/{slug}/export", target = "#export-counts")
    String counts(
            @PathVariable String slug,
            @ModelAttribute("form") ExportForm form,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        model.addAttribute("counts", exporter.counts(slug, me, form.kind(), form.parameters()));
        model.addAttribute("countTimeoutSeconds", properties.countTimeout().toMillis() / 1000.0);
        return "export/export :: counts";
    }

    @GetMapping("/download")
    ResponseEntity<StreamingResponseBody> download(
            @PathVariable String slug,
            @ModelAttribute("form") ExportForm form,
            @RequestHeader(value = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding,
            @AuthenticationPrincipal AccountPrincipal me) {
        PreparedExport export = exporter.prepare(slug, me, form.kind(), form.parameters());
        return NdjsonDownloads.export(exporter, export, acceptEncoding);
    }

    /**
     * Asks for a snapshot of the form's export (htmx): a job, shown with its progress at the top of
     * the refreshed snapshot list; or why not above it.
     */
    @PostMapping("/snapshots")
    @RefusalShows(value = "/projects/{slug}/export", target = "#snapshot-message")
    String createSnapshot(
            @PathVariable String slug,
            @ModelAttribute("form") ExportForm form,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        SnapshotJobView job = snapshotJobs.start(slug, me, form.kind(), form.parameters());
        model.addAttribute("startedJob", job.id());
        return snapshotsFragment(slug, me, model);
    }

    /** The snapshot list with the jobs in progress (htmx, polled while a job runs). */
    @GetMapping("/snapshots")
    String snapshotList(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me, Model model) {
        return snapshotsFragment(slug, me, model);
    }

    /** Cancels a snapshot job (htmx); answers the refreshed list. */
    @PostMapping("/snapshot-jobs/{id}/cancel")
    @RefusalShows(value = "/projects/{slug}/export", target = "#snapshot-message")
    String cancelSnapshotJob(
            @PathVariable String slug,
            @PathVariable long id,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        snapshotJobs.cancel(slug, id, me);
        model.addAttribute("cancelledJob", id);
        return snapshotsFragment(slug, me, model);
    }

    private String snapshotsFragment(String slug, AccountPrincipal me, Model model) {
        ProjectSettings project = exporter.project(slug, me);
        model.addAttribute("project", project);
        model.addAttribute("snapshots", rows(slug, me));
        model.addAttribute("snapshotJobs", snapshotJobs.unfinishedOrRecent(project.id()));
        return "export/export :: snapshots";
    }

    @GetMapping("/snapshots/{id}/files/{name}")
    ResponseEntity<StreamingResponseBody> snapshotFile(
            @PathVariable String slug,
            @PathVariable long id,
            @PathVariable String name,
            @RequestHeader(value = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding,
            @AuthenticationPrincipal AccountPrincipal me) {
        SnapshotFile file = snapshots.file(slug, id, name, me);
        return NdjsonDownloads.snapshotFile(snapshots, file, acceptEncoding);
    }

    private List<SnapshotRowView> rows(String slug, AccountPrincipal me) {
        String base = ServletUriComponentsBuilder.fromCurrentContextPath().toUriString();
        return snapshots.list(slug, me).stream()
                .map(s -> new SnapshotRowView(
                        s,
                        String.valueOf(s.parameters()
                                .getOrDefault("aggregation", s.parameters().get("review"))),
                        s.files().stream()
                                .map(f -> new SnapshotRowView.FileLink(
                                        f.name(),
                                        f.rows(),
                                        f.size(),
                                        f.sha256(),
                                        "/projects/" + slug + "/export/snapshots/" + s.id() + "/files/" + f.name(),
                                        "curl " + TOKEN_HEADER + " --compressed -o " + slug + "-snapshot-" + s.id()
                                                + "-" + f.name() + " \"" + base + "/api/v1/snapshots/" + s.id()
                                                + "/files/" + f.name() + "\""))
                                .toList(),
                        "/projects/" + slug + "/export/snapshots/" + s.id() + "/card",
                        "/projects/" + slug + "/export/snapshots/" + s.id() + "/archive",
                        "curl " + TOKEN_HEADER + " -o " + slug + "-snapshot-" + s.id() + ".tar \"" + base
                                + "/api/v1/snapshots/" + s.id() + "/archive\""))
                .toList();
    }
}
