package dev.feedloop.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * Which entries to read, newest first; every filter is optional.
 *
 * @param actor a username (any case)
 * @param action one of {@link AuditAction#ALL}
 * @param project a project's slug
 * @param from entries at or after this instant
 * @param to entries before this instant
 * @param before the cursor: entries with a smaller id (the previous page's {@code next})
 * @param limit entries per page, 1 to {@value AuditLog#MAX_LIMIT}
 */
public record AuditQuery(
        @Nullable String actor,
        @Nullable String action,
        @Nullable String project,
        @Nullable Instant from,
        @Nullable Instant to,
        @Nullable Long before,
        int limit) {

    public AuditQuery {
        actor = blankToNull(actor);
        action = blankToNull(action);
        project = blankToNull(project);
    }

    /**
     * The query the admin page and the REST route ask for: {@code from} and {@code to} are ISO
     * instants ({@code 2026-03-01T12:00:00Z}) or dates ({@code 2026-03-01}, UTC); a date as {@code
     * to} includes its whole day.
     *
     * @throws dev.feedloop.problems.Refusal 400 naming the field that is neither
     */
    public static AuditQuery parse(
            @Nullable String actor,
            @Nullable String action,
            @Nullable String project,
            @Nullable String from,
            @Nullable String to,
            @Nullable Long before,
            int limit) {
        return new AuditQuery(actor, action, project, time("from", from, false), time("to", to, true), before, limit);
    }

    private static @Nullable Instant time(String field, @Nullable String text, boolean endOfDay) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (endOfDay ? day.plusDays(1) : day)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant();
            }
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw AuditRefusals.badTime(field, value);
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
