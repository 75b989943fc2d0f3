package dev.feedloop.export;

import java.time.Instant;

/**
 * A snapshot job as pages and the API show it.
 *
 * @param id job id ({@code /api/v1/snapshot-jobs/{id}})
 * @param project project slug
 * @param kind {@code sft} or {@code preferences}
 * @param format line format
 * @param state {@code queued}, {@code running}, {@code done}, {@code failed} or {@code cancelled}
 * @param phase while running: {@code quality} (computing the quality numbers), the file being
 *     written ({@code train.jsonl}), or {@code card}; else {@code null}
 * @param filesDone files written so far
 * @param filesTotal files the snapshot will have (2 for {@code split=all}, else 1)
 * @param lines lines written so far (of the files done)
 * @param bytes bytes written so far (of the files done)
 * @param attempts executions started (a server that stopped mid-write makes another)
 * @param cancelRequested whether someone asked to cancel it
 * @param error why it failed or was retried, in English; else {@code null}
 * @param snapshotId the snapshot it made, once done
 * @param createdBy username of the administrator who asked for it
 * @param createdAt when it was asked for
 * @param startedAt when its first execution started
 * @param finishedAt when it ended
 * @param etaSeconds while running, seconds left judging by the project's previous snapshot of the
 *     same kind and format; {@code null} when there is none
 */
public record SnapshotJobView(
        long id,
        String project,
        String kind,
        String format,
        String state,
        String phase,
        int filesDone,
        int filesTotal,
        long lines,
        long bytes,
        int attempts,
        boolean cancelRequested,
        String error,
        Long snapshotId,
        String createdBy,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Long etaSeconds) {

    /** Whether the job may still make its snapshot (queued or running). */
    public boolean active() {
        return "queued".equals(state) || "running".equals(state);
    }

    /** Done share for a progress bar, 0 to 1: files written, a file in progress counting half. */
    public double share() {
        if ("done".equals(state)) {
            return 1;
        }
        boolean writing = phase != null && phase.endsWith(".jsonl");
        return Math.min(1, (filesDone + (writing ? 0.5 : 0)) / (filesTotal + 1.0));
    }
}
