package dev.feedloop.ingest;

import java.io.InputStream;
import java.util.UUID;

/**
 * A file to import.
 *
 * @param fileName shown in the import history ({@code null} for an API body)
 * @param format how to read it
 * @param content the bytes as sent, gzip-compressed or not (recognised by the gzip header)
 * @param clientToken chosen by the import page before it uploads, to follow the import's progress
 *     while the upload runs; {@code null} otherwise
 * @param priors what to do with the judgments the file holds
 */
public record ImportUpload(
        String fileName, ImportFormat format, InputStream content, UUID clientToken, PriorsMode priors) {

    public ImportUpload(String fileName, ImportFormat format, InputStream content, UUID clientToken) {
        this(fileName, format, content, clientToken, PriorsMode.IGNORE);
    }
}
