package dev.feedloop.workqueue;

import java.time.Instant;
import java.util.UUID;

/** A person's {@code item_assignment} row for one item and kind. */
record AssignmentRow(
        long itemId,
        TaskKind kind,
        long userId,
        Long taskId,
        AssignmentState state,
        UUID leaseToken,
        Instant leasedAt,
        Integer guidelineVersion) {}
