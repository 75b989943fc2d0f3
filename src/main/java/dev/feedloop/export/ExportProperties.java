package dev.feedloop.export;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Export settings.
 *
 * @param pseudonymSecret optional server secret mixed into every project's pseudonym key, so that
 *     someone holding a database copy but not the server configuration cannot recompute which
 *     annotator is which; changing it changes every pseudonym
 * @param defaultSeed split seed used when a request names none
 * @param defaultTestRatio share of items in the test split when a request names none
 * @param previewLines lines shown by the export page's preview
 * @param gzipLevel deflate level (1 fastest .. 9 smallest) for responses to clients that accept gzip
 * @param countTimeout longest time the export page's count of lines may take before it says so
 */
@ConfigurationProperties("feedloop.export")
public record ExportProperties(
        String pseudonymSecret,
        @DefaultValue("feedloop") String defaultSeed,
        @DefaultValue("0.1") double defaultTestRatio,
        @DefaultValue("5") int previewLines,
        @DefaultValue("1") int gzipLevel,
        @DefaultValue("30s") Duration countTimeout) {}
