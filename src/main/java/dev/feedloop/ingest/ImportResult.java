package dev.feedloop.ingest;

/**
 * What a finished import did.
 *
 * @param itemsUnchanged items already there with the same conversation and no new candidates
 * @param itemsExtended items already there that received new candidates
 * @param tasksCreated task slots the work queue created for the imported items
 * @param format the format the file was read in (detected from its first record unless named)
 * @param priorJudgmentsAdded judgments the file held that were stored as prior judgments ({@code ?priors=import})
 */
public record ImportResult(
        long importId,
        ImportStatus status,
        long lines,
        long itemsCreated,
        long itemsUnchanged,
        long itemsExtended,
        long candidatesAdded,
        long tasksCreated,
        ImportFormat format,
        long priorJudgmentsAdded) {}
