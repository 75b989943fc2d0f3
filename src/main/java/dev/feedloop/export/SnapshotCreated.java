package dev.feedloop.export;

import java.util.Map;

/**
 * A snapshot was written: its files and manifest are stored. Published in the transaction that
 * writes them, so a listener's work commits or rolls back with the snapshot.
 *
 * @param kind {@code sft}, {@code preference} and so on ({@link ExportKind#key()})
 * @param rows rows per file part ({@code train}, {@code test}, …)
 */
public record SnapshotCreated(long projectId, long snapshotId, String kind, String format, Map<String, Long> rows) {}
