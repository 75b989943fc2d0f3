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

    private static String attachment(String fileName) {
        return ContentDisposition.attachment().filename(fileName).build().toString();
    }
}
