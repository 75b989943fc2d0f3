package dev.feedloop.ingest;

/** Where an import is: checking the whole file, writing it (one transaction), or finished. */
public enum ImportStatus {
    VALIDATING,
    WRITING,
    /** Written and committed. */
    DONE,
    /**
     * Ended without writing anything, for whatever reason, given in the import's errors: the file was
     * refused (its errors, a limit, no items), the upload broke off, the server failed, or the server
     * running it stopped (marked at the next start-up).
     */
    FAILED;

    public boolean finished() {
        return this == DONE || this == FAILED;
    }
}
