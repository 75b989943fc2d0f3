package dev.feedloop.audit;

import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A stored entry, as the admin page and the REST route show it. */
public record AuditRecord(
        long id,
        Instant at,
        @Nullable Long actorId,
        String actorName,
        String action,
        @Nullable Long projectId,
        @Nullable String projectSlug,
        @Nullable String target,
        Map<String, Object> details,
        @Nullable String ip,
        @Nullable String requestId) {}
