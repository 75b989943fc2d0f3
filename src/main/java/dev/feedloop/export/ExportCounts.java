package dev.feedloop.export;

import java.util.List;
import java.util.Map;

/**
 * What an export would hold: lines per split part ({@code train}, {@code test}) of the selected
 * part, counted by running its query.
 *
 * @param leftOut the pseudonyms of the people the annotator policy leaves out (empty for everyone)
 * @param tooSlow counting took longer than {@code feedloop.export.count-timeout} (or a newer count
 *     of the same person replaced it): no numbers
 */
public record ExportCounts(
        ExportRequest request, Map<String, Long> rows, long totalRows, List<String> leftOut, boolean tooSlow) {}
