package dev.feedloop.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Import limits.
 *
 * @param maxUploadSize largest file accepted, as sent (compressed when gzip)
 * @param maxDecompressedSize largest content after gzip decompression
 * @param maxFieldLength longest text of one field (a message, a candidate, an id), in characters
 * @param maxErrors most errors reported for one refused import (all are counted)
 * @param batchSize items written per batch (and per {@link ItemsImported} event)
 * @param maxLineLength longest line of an import file, in bytes after gzip decompression; a longer
 *     line refuses the file (413) without the line ever being held in memory
 */
@ConfigurationProperties("feedloop.ingest")
public record IngestProperties(
        @DefaultValue("200MB") DataSize maxUploadSize,
        @DefaultValue("2GB") DataSize maxDecompressedSize,
        @DefaultValue("200000") int maxFieldLength,
        @DefaultValue("100") int maxErrors,
        @DefaultValue("1000") int batchSize,
        @DefaultValue("10MB") DataSize maxLineLength) {}
