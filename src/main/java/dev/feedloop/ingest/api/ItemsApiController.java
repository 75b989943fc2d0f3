package dev.feedloop.ingest.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.ingest.GoldAnswer;
import dev.feedloop.ingest.ImportFormat;
import dev.feedloop.ingest.ImportUpload;
import dev.feedloop.ingest.ImportView;
import dev.feedloop.ingest.Imports;
import dev.feedloop.ingest.ItemExclusion;
import dev.feedloop.ingest.ItemPage;
import dev.feedloop.ingest.Items;
import dev.feedloop.ingest.PriorJudgmentView;
import dev.feedloop.ingest.PriorJudgments;
import dev.feedloop.ingest.PriorsMode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Importing items (JSON Lines or CSV, optionally gzip) and reading them page by page. */
@RestController
@RequestMapping("/api/v1/projects/{slug}")
class ItemsApiController {

    private final Imports imports;
    private final Items items;
    private final PriorJudgments priorJudgments;

    ItemsApiController(Imports imports, Items items, PriorJudgments priorJudgments) {
        this.imports = imports;
        this.items = items;
        this.priorJudgments = priorJudgments;
    }

    /**
     * The body is the file: {@code application/x-ndjson} (JSON Lines; OpenAssistant trees and
     * ShareGPT lines too) or {@code text/csv}, gzip-compressed or not. {@code format} overrides
     * what the content type says ({@code jsonl}, {@code csv}, {@code oasst}, {@code sharegpt}, {@code
     * alpaca}, {@code hh-rlhf}, ...; see {@link ImportFormat}); {@code priors} ({@code ignore},
     * {@code import}, {@code gold}) says what to do with the judgments the file holds.
     *
     * <p>The file is stored and its import job scheduled: answers 202 with the import and its
     * {@code Location} before any line is checked. With {@code wait} (seconds, at most 60) it waits
     * that long for the job and answers 200 with the counts when it is done by then (or the refusal
     * that failed it: 422 with the errors).
     */
    @PostMapping("/items")
    ResponseEntity<?> importItems(
            @PathVariable String slug,
            @RequestParam(required = false) String format,
            @RequestParam(required = false) String priors,
            @RequestParam(defaultValue = "0") int wait,
            @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
            InputStream body,
            @AuthenticationPrincipal AccountPrincipal me)
            throws IOException {
        ImportFormat chosen = format != null && !format.isBlank() ? ImportFormat.parse(format) : byType(contentType);
        ImportView imp = imports.submit(slug, new ImportUpload(null, chosen, body, null, PriorsMode.parse(priors)), me);
        if (wait > 0) {
            imp = imports.await(slug, imp.id(), me, Duration.ofSeconds(wait));
            if (imp.status().finished()) {
                return ResponseEntity.ok(Imports.result(imp));
            }
        }
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/projects/" + slug + "/imports/" + imp.id()))
                .body(imp);
    }

    @GetMapping("/items")
    ItemPage items(
            @PathVariable String slug,
            @RequestParam(required = false) Long after,
            @RequestParam(defaultValue = "100") int limit,
            @AuthenticationPrincipal AccountPrincipal me) {
        return items.page(slug, after, limit, me);
    }

    /**
     * The judgments an imported dataset held about the item ({@code ?priors=import}), oldest first
     * (reviewers and administrators).
     */
    @GetMapping("/items/{externalId}/prior-judgments")
    List<PriorJudgmentView> priorJudgments(
            @PathVariable String slug, @PathVariable String externalId, @AuthenticationPrincipal AccountPrincipal me) {
        return priorJudgments.of(slug, externalId, me);
    }

    /** The gold answer of an item, by its external id (administrators only). */
    @GetMapping("/items/{externalId}/gold")
    GoldRequest gold(
            @PathVariable String slug, @PathVariable String externalId, @AuthenticationPrincipal AccountPrincipal me) {
        return GoldRequest.of(items.gold(slug, externalId, me));
    }

    /** Sets or replaces an item's gold answer: {@code {"tiers": [["b"], ["a", "c"]], "best": "b"}}. */
    @PutMapping("/items/{externalId}/gold")
    GoldRequest setGold(
            @PathVariable String slug,
            @PathVariable String externalId,
            @RequestBody GoldRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        return GoldRequest.of(items.setGold(slug, externalId, request.answer(), me));
    }

    /** Removes an item's gold answer: it is an ordinary item again. */
    @DeleteMapping("/items/{externalId}/gold")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void clearGold(
            @PathVariable String slug, @PathVariable String externalId, @AuthenticationPrincipal AccountPrincipal me) {
        items.clearGold(slug, externalId, me);
    }

    /**
     * Leaves an item out of every export and snapshot: {@code {"reason": "duplicate of q-17"}} (the
     * body and the reason are optional).
     */
    @PutMapping("/items/{externalId}/exclusion")
    ItemExclusion exclude(
            @PathVariable String slug,
            @PathVariable String externalId,
            @RequestBody(required = false) ExclusionRequest request,
            @AuthenticationPrincipal AccountPrincipal me) {
        return items.exclude(slug, externalId, request == null ? null : request.reason(), me);
    }

    /** Exports the item again. */
    @DeleteMapping("/items/{externalId}/exclusion")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void include(
            @PathVariable String slug, @PathVariable String externalId, @AuthenticationPrincipal AccountPrincipal me) {
        items.include(slug, externalId, me);
    }

    /** Why an item is excluded from exports. */
    record ExclusionRequest(String reason) {}

    /** A gold answer as JSON. */
    record GoldRequest(List<List<String>> tiers, String best) {

        static GoldRequest of(GoldAnswer gold) {
            return new GoldRequest(gold.tiers(), gold.best());
        }

        GoldAnswer answer() {
            return tiers == null || tiers.stream().anyMatch(java.util.Objects::isNull)
                    ? null
                    : new GoldAnswer(tiers, best);
        }
    }

    @GetMapping("/imports")
    List<ImportView> imports(
            @PathVariable String slug,
            @RequestParam(defaultValue = "50") int limit,
            @AuthenticationPrincipal AccountPrincipal me) {
        return imports.history(slug, limit, me);
    }

    /** An import: its status and progress (phase, lines, ETA); with {@code wait} once it has ended or after that long. */
    @GetMapping("/imports/{id}")
    ImportView importOf(
            @PathVariable String slug,
            @PathVariable long id,
            @RequestParam(defaultValue = "0") int wait,
            @AuthenticationPrincipal AccountPrincipal me) {
        return wait > 0 ? imports.await(slug, id, me, Duration.ofSeconds(wait)) : imports.get(slug, id, me);
    }

    /** Cancels an import that has not ended; 409 when it has. */
    @PostMapping("/imports/{id}/cancel")
    ImportView cancelImport(
            @PathVariable String slug, @PathVariable long id, @AuthenticationPrincipal AccountPrincipal me) {
        return imports.cancel(slug, id, me);
    }

    private static ImportFormat byType(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        int semicolon = type.indexOf(';');
        if (semicolon >= 0) {
            type = type.substring(0, semicolon);
        }
        return switch (type.strip()) {
            case "text/csv" -> ImportFormat.CSV;
            case "application/x-ndjson",
                    "application/jsonl",
                    "application/json-lines",
                    "application/json",
                    "application/gzip",
                    "application/x-gzip" -> ImportFormat.JSONL;
            default ->
                throw new org.springframework.web.server.UnsupportedMediaTypeStatusException(
                        "Send items as application/x-ndjson (JSON Lines) or text/csv, optionally gzip-compressed.");
        };
    }
}
