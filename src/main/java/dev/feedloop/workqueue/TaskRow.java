package dev.feedloop.workqueue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A row of the {@code task} table inside the work queue, as read for a lease operation (under a
 * row lock) or for the administrators' lease list.
 *
 * @param projectRevision the project row's {@code xmin} read in the same statement, for {@link
 *     dev.feedloop.projects.Projects#get(long, String)}; {@code null} when not read
 * @param gold a gold task: made for its assignee alone, for a gold item
 */
record TaskRow(
        long id,
        long projectId,
        long itemId,
        TaskKind kind,
        TaskState state,
        Long assigneeId,
        UUID leaseToken,
        Instant leasedAt,
        Instant leaseExpiresAt,
        List<String> candidateOrder,
        String projectRevision,
        boolean gold) {

    TaskRow(
            long id,
            long projectId,
            long itemId,
            TaskKind kind,
            TaskState state,
            Long assigneeId,
            UUID leaseToken,
            Instant leasedAt,
            Instant leaseExpiresAt,
            List<String> candidateOrder) {
        this(
                id,
                projectId,
                itemId,
                kind,
                state,
                assigneeId,
                leaseToken,
                leasedAt,
                leaseExpiresAt,
                candidateOrder,
                null,
                false);
    }
}
