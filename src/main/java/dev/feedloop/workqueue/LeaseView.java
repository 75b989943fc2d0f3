package dev.feedloop.workqueue;

import java.time.Instant;

/**
 * A current lease with its holder's name, as the administrators' lease list shows it ({@link
 * WorkQueue#leases}).
 *
 * @param expired the lease ran out and nobody has taken the task over yet (anyone may claim it;
 *     the holder may still submit)
 */
public record LeaseView(
        long taskId,
        TaskKind kind,
        long itemId,
        String itemExternalId,
        long userId,
        String username,
        String displayName,
        Instant leasedAt,
        Instant leaseExpiresAt,
        boolean expired) {}
