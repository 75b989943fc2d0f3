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
import dev.feedloop.export.SnapshotJobView;
import dev.feedloop.export.SnapshotJobs;
import dev.feedloop.export.SnapshotManifest;
import dev.feedloop.export.Snapshots;
import java.net.URI;
import java.time.Duration;
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
    private final SnapshotJobs snapshotJobs;

    ExportsApiController(DatasetExporter exporter, Snapshots snapshots, DatasetCards cards, SnapshotJobs snapshotJobs) {
        this.exporter = exporter;
        this.snapshots = snapshots;
        this.cards = cards;
        this.snapshotJobs = snapshotJobs;
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

    /** The regression set: the prompts of fixed failures, for the next model version. */
    @GetMapping("/api/v1/projects/{slug}/exports/regression")
    ResponseEntity<StreamingResponseBody> regression(
            @PathVariable String slug,
            @ModelAttribute ExportParameters parameters,
            @RequestHeader(value = HttpHeaders.ACCEPT_ENCODING, required = false) String acceptEncoding,
            @AuthenticationPrincipal AccountPrincipal me) {
        return stream(exporter.prepare(slug, me, ExportKind.REGRESSION, parameters), acceptEncoding);
    }

    /**
     * Asks for a snapshot; {@code kind} is {@code sft} or {@code preferences}, the rest as for the
     * downloads. Answers 202 with the job at once; with {@code wait} (seconds, at most 60) it waits
     * for the job that long and answers 201 with the manifest when the snapshot is made by then.
     */
    @PostMapping("/api/v1/projects/{slug}/snapshots")
    ResponseEntity<?> createSnapshot(
            @PathVariable String slug,
            @RequestParam String kind,
            @RequestParam(defaultValue = "0") int wait,
            @ModelAttribute ExportParameters parameters,
            @AuthenticationPrincipal AccountPrincipal me) {
        SnapshotJobView job = snapshotJobs.start(slug, me, ExportKind.parse(kind), parameters);
        if (wait > 0) {
            job = snapshotJobs.await(job.id(), me, Duration.ofSeconds(wait));
            if (job.snapshotId() != null) {
                return ResponseEntity.created(URI.create("/api/v1/snapshots/" + job.snapshotId()))
                        .body(snapshots.manifest(job.snapshotId(), me));
            }
        }
        return ResponseEntity.accepted()
                .location(URI.create("/api/v1/snapshot-jobs/" + job.id()))
                .body(job);
    }

    /** A snapshot job: its state and progress; {@code snapshotId} once done. */
    @GetMapping("/api/v1/snapshot-jobs/{id}")
    SnapshotJobView snapshotJob(@PathVariable long id, @AuthenticationPrincipal AccountPrincipal me) {
        return snapshotJobs.job(id, me);
    }

    @GetMapping("/api/v1/projects/{slug}/snapshot-jobs")
    List<SnapshotJobView> snapshotJobs(
            @PathVariable String slug,
            @RequestParam(required = false) String state,
            @AuthenticationPrincipal AccountPrincipal me) {
        return snapshotJobs.list(slug, me, state);
    }

    @PostMapping("/api/v1/snapshot-jobs/{id}/cancel")
    SnapshotJobView cancelSnapshotJob(@PathVariable long id, @AuthenticationPrincipal AccountPrincipal me) {
        return snapshotJobs.cancel(id, me);
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
