package dev.feedloop.workqueue;

import java.time.Instant;

/**
 * A skip, for administrators: who skipped which task, when, why.
 *
 * @param taskId {@code null} once the task slot was removed by a settings change
 * @param note the person's note, or {@code null}
 */
public record SkipView(
        long id,
        Long taskId,
        TaskKind kind,
        long itemId,
        String itemExternalId,
        long userId,
        String username,
        String displayName,
        SkipReason reason,
        String note,
        Instant skippedAt) {}
