package dev.feedloop.export;

import dev.feedloop.projects.Round;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a snapshot holds and how it was made: enough to reproduce it and to check its files.
 *
 * @param id snapshot id ({@code /api/v1/snapshots/{id}})
 * @param project project slug
 * @param kind {@code sft} or {@code preferences}
 * @param format line format
 * @param parameters the export parameters, {@code asOf} included
 * @param policies in words, how judgments became lines
 * @param asOf judgments submitted and reviews made up to this instant were selected
 * @param counts lines per split part
 * @param files the files with their sizes and SHA-256
 * @param guidelineVersions guideline versions the selected judgments were made under
 * @param createdBy username of the administrator who made it
 * @param createdAt when it was made
 * @param annotators the annotator policy and the people it left out ({@code null} in snapshots made
 *     before policies were recorded)
 * @param quality the project's quality numbers at {@code asOf} ({@code null} likewise)
 * @param card the dataset card {@code README.md} with its size and SHA-256 ({@code null} in snapshots
 *     made before cards were frozen with them; theirs is rendered when asked)
 * @param round the round whose items the snapshot holds ({@code parameters.round}), with its model
 *     version and window when the snapshot was written; {@code null} for every item
 */
public record SnapshotManifest(
        long id,
        String project,
        String kind,
        String format,
        Map<String, Object> parameters,
        Map<String, String> policies,
        Instant asOf,
        Map<String, Long> counts,
        List<SnapshotFileView> files,
        List<Integer> guidelineVersions,
        String createdBy,
        Instant createdAt,
        SnapshotAnnotators annotators,
        SnapshotQuality quality,
        SnapshotFileView card,
        Round round) {

    SnapshotManifest withCard(SnapshotFileView card) {
        return new SnapshotManifest(
                id,
                project,
                kind,
                format,
                parameters,
                policies,
                asOf,
                counts,
                files,
                guidelineVersions,
                createdBy,
                createdAt,
                annotators,
                quality,
                card,
                round);
    }
}
