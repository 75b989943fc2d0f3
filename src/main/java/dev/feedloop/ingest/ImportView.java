package dev.feedloop.ingest;

import java.time.Instant;
import java.util.List;

/**
 * An import as the history and the progress display show it.
 *
 * @param linesTotal lines of the file, known once it is stored ({@code null} before)
 * @param itemsExtended existing items that received new candidates
 * @param format the format the file was read in (once checked: detected from its first record
 *     unless named)
 * @param errors the first errors found ({@code feedloop.ingest.max-errors}); {@code errorCount} counts all
 * @param priorJudgmentsAdded judgments of the file stored as prior judgments
 */
public record ImportView(
        long id,
        long projectId,
        String fileName,
        ImportFormat format,
        ImportStatus status,
        String userName,
        Long bytesTotal,
        Long linesTotal,
        long linesRead,
        long linesWritten,
        long itemsCreated,
        long itemsUnchanged,
        long itemsExtended,
        long candidatesAdded,
        long tasksCreated,
        List<ImportError> errors,
        long errorCount,
        Instant startedAt,
        Instant finishedAt,
        long priorJudgmentsAdded) {

    /** Progress from 0 to 100: checking the file counts for the first half, writing for the second. */
    public int percent() {
        if (status == ImportStatus.DONE) {
            return 100;
        }
        if (linesTotal == null || linesTotal == 0) {
            return 0;
        }
        double reading = Math.min(1.0, (double) linesRead / linesTotal);
        double writing = Math.min(1.0, (double) linesWritten / linesTotal);
        return (int) Math.round(status == ImportStatus.WRITING ? 50 + 50 * writing : 50 * reading);
    }
}
