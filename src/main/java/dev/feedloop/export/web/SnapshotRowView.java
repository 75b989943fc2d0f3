package dev.feedloop.export.web;

import dev.feedloop.export.SnapshotManifest;
import java.util.List;

/** A snapshot in the page's list, with its download links and {@code curl} lines. */
record SnapshotRowView(
        SnapshotManifest manifest,
        String policy,
        List<FileLink> files,
        String cardHref,
        String archiveHref,
        String archiveCurl) {

    record FileLink(String name, long rows, long size, String sha256, String href, String curl) {}
}
