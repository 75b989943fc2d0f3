package dev.feedloop.workqueue;

import dev.feedloop.ingest.ItemView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A task just handed to a person by {@link WorkQueue#next}: everything a page or client shows, and
 * the lease token that heartbeats, releases, skips and the submit must carry.
 *
 * @param guidelineVersion the guideline version to show (0 when the project has none yet); the
 *     judgment records it
 * @param candidates for rank tasks the candidates in this task's fixed random order; for write
 *     tasks all candidates in import order, as drafts to start from
 */
public record ClaimedTask(
        long taskId,
        TaskKind kind,
        UUID leaseToken,
        Instant leaseExpiresAt,
        int guidelineVersion,
        ItemView item,
        List<ShownCandidate> candidates) {}
