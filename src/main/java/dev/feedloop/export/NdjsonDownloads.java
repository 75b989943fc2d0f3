package dev.feedloop.export;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The HTTP answers that carry export lines, shared by the REST API and the export page: NDJSON as
 * an attachment, gzip when the client accepts it, streamed while the client reads.
 */
public final class NdjsonDownloads {

    public static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

    public static final MediaType TAR = MediaType.parseMediaType("application/x-tar");

    public static final MediaType MARKDOWN = MediaType.parseMediaType("text/markdown;charset=UTF-8");

    private NdjsonDownloads() {}

    /** A live export, never cached. */
    public static ResponseEntity<StreamingResponseBody> export(
            DatasetExporter exporter, PreparedExport export, String acceptEncoding) {
        boolean gzip = DatasetExporter.acceptsGzip(acceptEncoding);
        var response = ResponseEntity.ok()
                .contentType(NDJSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(export.fileName()))
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
                .header(HttpHeaders.CACHE_CONTROL, "no-store");
        if (gzip) {
            response.header(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        return response.body(out -> exporter.stream(export, out, gzip));
    }

    /** A snapshot file: the same bytes every time, its sha256 as the ETag. */
    public static ResponseEntity<StreamingResponseBody> snapshotFile(
            Snapshots snapshots, SnapshotFile file, String acceptEncoding) {
        boolean gzip = DatasetExporter.acceptsGzip(acceptEncoding);
        var response = ResponseEntity.ok()
                .contentType(NDJSON)
                .eTag("\"" + file.sha256() + "\"")
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(file.downloadName()))
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        if (gzip) {
            response.header(HttpHeaders.CONTENT_ENCODING, "gzip");
        } else {
            response.contentLength(file.size());
        }
        return response.body(out -> snapshots.write(file, out, gzip));
    }

    /** A snapshot as one {@code .tar} of its card, manifest and files. */
    public static ResponseEntity<StreamingResponseBody> snapshotArchive(Snapshots snapshots, SnapshotArchive archive) {
        return ResponseEntity.ok()
                .contentType(TAR)
                .header(HttpHeaders.CONTENT_DISPOSITION, attachment(archive.downloadName()))
                .body(out -> snapshots.write(archive, out));
    }

    /** A snapshot's dataset card, {@code README.md}, shown in the browser as text. */
    public static ResponseEntity<String> snapshotCard(String card) {
        return ResponseEntity.ok()
                .contentType(MARKDOWN)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline()
                                .filename("README.md")
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                .body(card);
    }

    private static String attachment(String fileName) {
        return ContentDisposition.attachment().filename(fileName).build().toString();
    }
}
