package dev.feedloop.export;

/**
 * What a snapshot being written tells its job. Every call but {@link #fileStarted} and {@link
 * #fileWritten}'s own reporting runs inside the snapshot's writing transaction; a call that throws
 * rolls the whole snapshot back.
 */
interface SnapshotProgress {

    SnapshotProgress NONE = new SnapshotProgress() {};

    /** First in the writing transaction. */
    default void writing() {}

    /** A file (such as {@code train.jsonl}) is about to be written. */
    default void fileStarted(String name) {}

    /** A file is written (not committed yet). */
    default void fileWritten(SnapshotFileView file) {}

    /** Last in the writing transaction: it commits with the snapshot. */
    default void written(long snapshotId) {}
}
