/**
 * Dataset export: SFT files from demonstrations and preference files from rankings, in the formats
 * training jobs read, streamed from PostgreSQL at any size, and frozen as checksummed snapshots.
 *
 * <p>{@link dev.feedloop.export.DatasetExporter} streams live exports; {@link
 * dev.feedloop.export.Snapshots} freezes and serves them. Both read the judgment tables of the
 * labeling, ranking and review modules directly with SQL (read only): see docs/decisions.md. A
 * snapshot's manifest carries the quality module's numbers as of its instant.
 */
@org.springframework.modulith.ApplicationModule(
        displayName = "Export",
        allowedDependencies = {"accounts", "projects", "quality", "jobs", "problems", "audit"})
package dev.feedloop.export;
