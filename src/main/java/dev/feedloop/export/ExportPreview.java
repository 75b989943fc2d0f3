package dev.feedloop.export;

import java.util.List;

/**
 * The first lines of an export, as the export page shows them before the lines are counted
 * ({@link ExportCounts}).
 */
public record ExportPreview(ExportRequest request, List<String> firstLines) {}
