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
 * @param phase while the import has not ended: {@code uploading} (the request is storing the file),
 *     {@code queued} (waiting for a server to run its job), {@code checking} or {@code writing};
 *     {@code null} once ended
 * @param attempts executions of its job started (a server that stopped mid-import makes another)
 * @param cancelRequested whether someone asked to cancel it
 * @param linesPerSecond while checking or writing: lines checked plus lines written per second of
 *     this execution so far; else {@code null}
 * @param etaSeconds while checking or writing: seconds left at that rate (each line is read twice,
 *     once to check and once to write); else {@code null}
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
        long priorJudgmentsAdded,
        String phase,
        int attempts,
        boolean cancelRequested,
        Double linesPerSecond,
        Long etaSeconds) {

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
