package dev.feedloop.export;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A snapshot as one {@code .tar}: its card, its manifest and its files, in a folder named after it,
 * ready to upload to the Hugging Face Hub as it is. Write it with {@link Snapshots#write(SnapshotArchive,
 * java.io.OutputStream)}.
 */
public record SnapshotArchive(SnapshotManifest manifest, List<Entry> entries) {

    /** The folder the archive's entries are in, such as {@code demo-snapshot-3}. */
    public String folder() {
        return manifest.project() + "-snapshot-" + manifest.id();
    }

    /** A file name for the download, such as {@code demo-snapshot-3.tar}. */
    public String downloadName() {
        return folder() + ".tar";
    }

    /** One entry: small text held here ({@code text}), or a stored file streamed by its id. */
    record Entry(String name, long size, byte[] text, long fileId) {

        static Entry text(String name, String content) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            return new Entry(name, bytes.length, bytes, 0);
        }

        static Entry file(String name, long size, long fileId) {
            return new Entry(name, size, null, fileId);
        }
    }
}
