package dev.feedloop.ingest.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.ingest.ImportFormat;
import dev.feedloop.ingest.ImportUpload;
import dev.feedloop.ingest.ImportView;
import dev.feedloop.ingest.Imports;
import dev.feedloop.ingest.IngestRefusals;
import dev.feedloop.ingest.PriorsMode;
import dev.feedloop.problems.Refusal;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.projects.Projects;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The import page: upload (file picker or drag and drop), progress while the upload is checked and
 * written, the result or the errors, and the project's import history.
 */
@Controller
@RequestMapping("/projects/{slug}")
class ImportController {

    private final Imports imports;
    private final Projects projects;
    private final MessageSource messages;

    ImportController(Imports imports, Projects projects, MessageSource messages) {
        this.imports = imports;
        this.projects = projects;
        this.messages = messages;
    }

    /** One problem of an import as the page lists it, in the reader's language. */
    public record ProblemView(long line, String field, String text) {}

    @GetMapping("/import")
    String page(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me, Model model) {
        model.addAttribute("project", projects.requireVisible(slug, me));
        model.addAttribute("imports", imports.history(slug, 20, me));
        model.addAttribute("formats", ImportFormat.values());
        model.addAttribute("priorsModes", PriorsMode.values());
        return "ingest/import";
    }

    /**
     * Stores the upload and starts the import's job. The page has chosen {@code clientToken} and polls
     * the progress of the upload with it meanwhile; htmx gets the result fragment (which polls the
     * job until it ends), a plain form post the import's page.
     */
    @PostMapping("/import")
    @RefusalShows(
            value = "/projects/{slug}/import",
            target = "#import-result",
            statuses = {400, 409, 413, 422})
    String upload(
            @PathVariable String slug,
            @RequestParam("file") MultipartFile file,
            @RequestParam(defaultValue = "auto") String format,
            @RequestParam(defaultValue = "ignore") String priors,
            @RequestParam(required = false) UUID clientToken,
            HtmxRequest htmx,
            @AuthenticationPrincipal AccountPrincipal me,
            Locale locale,
            Model model)
            throws IOException {
        ImportFormat chosen = ImportFormat.detect(format, file.getOriginalFilename(), file.getContentType());
        long importId;
        try (InputStream content = file.getInputStream()) {
            importId = imports.submit(
                            slug,
                            new ImportUpload(
                                    file.getOriginalFilename(), chosen, content, clientToken, PriorsMode.parse(priors)),
                            me)
                    .id();
        } catch (Refusal e) {
            // A refused file is still an import: it was recorded (importId) with its errors by line,
            // and the page shows that import like a successful one. Other refusals go to the advice.
            if (IngestRefusals.importId(e) == null) {
                throw e;
            }
            importId = IngestRefusals.importId(e);
        }
        if (!htmx.isHtmxRequest()) {
            return "redirect:/projects/" + slug + "/imports/" + importId;
        }
        model.addAttribute("project", projects.requireVisible(slug, me));
        result(imports.get(slug, importId, me), locale, model);
        model.addAttribute("imports", imports.history(slug, 20, me));
        return "ingest/import :: uploaded";
    }

    /** The progress of the import the page is uploading, while it runs (polled by htmx). */
    @GetMapping("/imports/progress")
    String progress(
            @PathVariable String slug,
            @RequestParam UUID token,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model) {
        model.addAttribute("project", projects.requireVisible(slug, me));
        model.addAttribute("imp", imports.findByToken(slug, token, me).orElse(null));
        model.addAttribute("token", token);
        return "ingest/import :: importProgress";
    }

    @GetMapping("/imports/{id}")
    String detail(
            @PathVariable String slug,
            @PathVariable long id,
            HtmxRequest htmx,
            @AuthenticationPrincipal AccountPrincipal me,
            Locale locale,
            Model model) {
        model.addAttribute("project", projects.requireVisible(slug, me));
        result(imports.get(slug, id, me), locale, model);
        return htmx.isHtmxRequest() ? "ingest/import :: result" : "ingest/import-detail";
    }

    /** Cancels the import (its button on the result); htmx gets the result fragment, a form post the import's page. */
    @PostMapping("/imports/{id}/cancel")
    @RefusalShows(value = "/projects/{slug}/imports/{id}", target = "#import-result")
    String cancel(
            @PathVariable long id,
            @PathVariable String slug,
            @AuthenticationPrincipal AccountPrincipal me,
            HtmxRequest htmx,
            Model model,
            Locale locale) {
        imports.cancel(slug, id, me);
        return htmx.isHtmxRequest()
                ? detail(slug, id, htmx, me, locale, model)
                : "redirect:/projects/" + slug + "/imports/" + id;
    }

    /** The import and its problems, worded in {@code locale}, for the result fragment. */
    private void result(ImportView imp, Locale locale, Model model) {
        List<ProblemView> problems = imp.errors().stream()
                .map(e -> new ProblemView(e.line(), e.field(), messages.getMessage(e.resolvable(), locale)))
                .toList();
        model.addAttribute("imp", imp);
        model.addAttribute("problems", problems);
    }
}
