package dev.feedloop.feedback.web;

import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.RoundDefinition;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.springframework.http.HttpStatus;

/**
 * The rounds page's form: times as the browser's {@code datetime-local} sends them ({@code
 * 2026-12-01T09:00}), read as UTC; a blank end keeps the round open.
 */
record RoundForm(String name, String modelVersion, String startsAt, String endsAt) {

    RoundDefinition definition() {
        return new RoundDefinition(name, modelVersion, instant(startsAt, "startsAt"), instant(endsAt, "endsAt"));
    }

    private static Instant instant(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw Refusal.of(HttpStatus.BAD_REQUEST, "rounds.error.time").field(field);
        }
    }

    /** {@code instant} as a {@code datetime-local} value in UTC, to the minute. */
    static String local(Instant instant) {
        return instant == null
                ? ""
                : LocalDateTime.ofInstant(instant, ZoneOffset.UTC)
                        .withSecond(0)
                        .withNano(0)
                        .toString();
    }
}
