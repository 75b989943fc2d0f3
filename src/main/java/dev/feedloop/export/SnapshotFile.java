package dev.feedloop.export;

/** A snapshot file that a person may download; stream it with {@link Snapshots#write}. */
public record SnapshotFile(long snapshotId, String projectSlug, String name, long size, String sha256, long fileId) {

    /** A file name for the download, such as {@code demo-snapshot-3-train.jsonl}. */
    public String downloadName() {
        return projectSlug + "-snapshot-" + snapshotId + "-" + name;
    }
}
