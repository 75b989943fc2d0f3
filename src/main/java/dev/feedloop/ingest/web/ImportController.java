package dev.feedloop.ingest.web;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.ingest.ImportFormat;
import dev.feedloop.ingest.ImportUpload;
import dev.feedloop.ingest.ImportView;
import dev.feedloop.ingest.Imports;
import dev.feedloop.ingest.IngestRefusals;
import dev.feedloop.problems.Refusal;
import dev.feedloop.problems.RefusalShows;
import dev.feedloop.projects.Projects;
import io.github.wimdeblauwe.htmx.spring.boot.mvc.HtmxRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;
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

    ImportController(Imports imports, Projects projects) {
        this.imports = imports;
        this.projects = projects;
    }

    @GetMapping("/import")
    String page(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me, Model model) {
        model.addAttribute("project", projects.requireVisible(slug, me));
        model.addAttribute("imports", imports.history(slug, 20, me));
        model.addAttribute("formats", ImportFormat.values());
        return "ingest/import";
    }

    /**
     * Runs the import in this request. The page has chosen {@code clientToken} and polls the progress
     * of the import with it meanwhile; htmx gets the result fragment, a plain form post the import's page.
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
            @RequestParam(required = false) UUID clientToken,
            HtmxRequest htmx,
            @AuthenticationPrincipal AccountPrincipal me,
            Model model)
            throws IOException {
        ImportFormat chosen = ImportFormat.detect(format, file.getOriginalFilename(), file.getContentType());
        long importId;
        try (InputStream content = file.getInputStream()) {
            importId = imports.importFile(
                            slug, new ImportUpload(file.getOriginalFilename(), chosen, content, clientToken), me)
                    .importId();
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
        model.addAttribute("imp", imports.get(slug, importId, me));
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
            Model model) {
        model.addAttribute("project", projects.requireVisible(slug, me));
        ImportView imp = imports.get(slug, id, me);
        model.addAttribute("imp", imp);
        return htmx.isHtmxRequest() ? "ingest/import :: result" : "ingest/import-detail";
    }
}
