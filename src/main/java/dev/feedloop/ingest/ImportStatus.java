package dev.feedloop.ingest;

/** Where an import is: checking the whole file, writing it (one transaction), or finished. */
public enum ImportStatus {
    VALIDATING,
    WRITING,
    /** Written and committed. */
    DONE,
    /** Refused (errors in the file, or a limit exceeded): nothing was written. */
    FAILED;

    public boolean finished() {
        return this == DONE || this == FAILED;
    }
}
