package dev.feedloop.workqueue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A task row as read for a lease operation (under a row lock). */
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
        List<String> candidateOrder) {}
