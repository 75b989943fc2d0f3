package dev.feedloop.export;

import java.util.List;
import java.util.Map;

/**
 * What an export would hold: rows per split part ({@code train}, {@code test}) of the selected
 * part, and its first lines.
 *
 * @param leftOut the pseudonyms of the people the annotator policy leaves out (empty for everyone)
 */
public record ExportPreview(
        ExportRequest request, Map<String, Long> rows, long totalRows, List<String> firstLines, List<String> leftOut) {}
