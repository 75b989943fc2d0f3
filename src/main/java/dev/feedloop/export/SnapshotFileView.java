package dev.feedloop.export;

/**
 * One file of a snapshot.
 *
 * @param name file name, such as {@code train.jsonl}
 * @param split {@code train} or {@code test}
 * @param rows number of lines
 * @param size size in bytes
 * @param sha256 SHA-256 of the bytes, hex
 */
public record SnapshotFileView(String name, String split, long rows, long size, String sha256) {}
