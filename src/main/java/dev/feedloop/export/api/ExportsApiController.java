package dev.feedloop.export.api;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.export.DatasetCardSettings;
import dev.feedloop.export.DatasetCards;
import dev.feedloop.export.DatasetExporter;
import dev.feedloop.export.ExportKind;
import dev.feedloop.export.ExportParameters;
import dev.feedloop.export.NdjsonDownloads;
import dev.feedloop.export.PreparedExport;
import dev.feedloop.export.SnapshotFile;
import dev.feedloop.export.SnapshotManifest;
import dev.feedloop.export.Snapshots;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Dataset downloads and snapshots for administrators. Exports stream as {@code
 * application/x-ndjson}, gzip-compressed when the client accepts it.
 */
@RestController
class ExportsApiController {

    private final DatasetExporter exporter;
    private final Snapshots snapshots;
    private final DatasetCards cards;

    ExportsApiController(DatasetExporter exporter, Snapshots snapshots, DatasetCards cards) {
        this.exporter = exporter;
        this.snapshots = snapshots;
        this.cards = cards;
    }

    @GetMapping("/api/v1/projects/{slug}/exports/sft")
    ResponseEntity<StreamingResponseBody> sft(
            @PathVariable String slug,
            @ModelAttribute ExportParameters parameters,
            @RequestHeader(value = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding,
            @AuthenticationPrincipal AccountPrincipal me) {
        return stream(exporter.prepare(slug, me, ExportKind.SFT, parameters), acceptEncoding);
    }

    @GetMapping("/api/v1/projects/{slug}/exports/preferences")
    ResponseEntity<StreamingResponseBody> preferences(
            @PathVariable String slug,
            @ModelAttribute ExportParameters parameters,
            @RequestHeader(value = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding,
            @AuthenticationPrincipal AccountPrincipal me) {
        return stream(exporter.prepare(slug, me, ExportKind.PREFERENCES, parameters), acceptEncoding);
    }

    /** Freezes an export; {@code kind} is {@code sft} or {@code preferences}, the rest as for the downloads. */
    @PostMapping("/api/v1/projects/{slug}/snapshots")
    ResponseEntity<SnapshotManifest> createSnapshot(
            @PathVariable String slug,
            @RequestParam String kind,
            @ModelAttribute ExportParameters parameters,
            @AuthenticationPrincipal AccountPrincipal me) {
        SnapshotManifest manifest = snapshots.create(slug, me, ExportKind.parse(kind), parameters);
        return ResponseEntity.created(URI.create("/api/v1/snapshots/" + manifest.id()))
                .body(manifest);
    }

    @GetMapping("/api/v1/projects/{slug}/snapshots")
    List<SnapshotManifest> listSnapshots(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me) {
        return snapshots.list(slug, me);
    }

    @GetMapping("/api/v1/snapshots/{id}")
    SnapshotManifest snapshot(@PathVariable long id, @AuthenticationPrincipal AccountPrincipal me) {
        return snapshots.manifest(id, me);
    }

    @GetMapping("/api/v1/snapshots/{id}/files/{name}")
    ResponseEntity<StreamingResponseBody> snapshotFile(
            @PathVariable long id,
            @PathVariable String name,
            @RequestHeader(value = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding,
            @AuthenticationPrincipal AccountPrincipal me) {
        SnapshotFile file = snapshots.file(id, name, me);
        return NdjsonDownloads.snapshotFile(snapshots, file, acceptEncoding);
    }

    /** The snapshot's dataset card ({@code README.md}, Hugging Face format). */
    @GetMapping("/api/v1/snapshots/{id}/card")
    ResponseEntity<String> snapshotCard(@PathVariable long id, @AuthenticationPrincipal AccountPrincipal me) {
        return NdjsonDownloads.snapshotCard(snapshots.card(id, me));
    }

    /** The snapshot as one {@code .tar}: card, manifest and files in a folder. */
    @GetMapping("/api/v1/snapshots/{id}/archive")
    ResponseEntity<StreamingResponseBody> snapshotArchive(
            @PathVariable long id, @AuthenticationPrincipal AccountPrincipal me) {
        return NdjsonDownloads.snapshotArchive(snapshots, snapshots.archive(id, me));
    }

    @GetMapping("/api/v1/projects/{slug}/dataset-card")
    DatasetCardSettings datasetCard(@PathVariable String slug, @AuthenticationPrincipal AccountPrincipal me) {
        return cards.settings(slug, me);
    }

    /** Replaces the project's card settings; the next snapshots' cards use them. */
    @PutMapping("/api/v1/projects/{slug}/dataset-card")
    DatasetCardSettings saveDatasetCard(
            @PathVariable String slug,
            @RequestBody DatasetCardSettings settings,
            @AuthenticationPrincipal AccountPrincipal me) {
        return cards.save(slug, me, settings);
    }

    private ResponseEntity<StreamingResponseBody> stream(PreparedExport export, String acceptEncoding) {
        return NdjsonDownloads.export(exporter, export, acceptEncoding);
    }
}
