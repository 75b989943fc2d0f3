package dev.feedloop.ingest;

/**
 * What a finished import did.
 *
 * @param itemsUnchanged items already there with the same conversation and no new candidates
 * @param itemsExtended items already there that received new candidates
 * @param tasksCreated task slots the work queue created for the imported items
 */
public record ImportResult(
        long importId,
        ImportStatus status,
        long lines,
        long itemsCreated,
        long itemsUnchanged,
        long itemsExtended,
        long candidatesAdded,
        long tasksCreated) {}
