package dev.feedloop.feedback;

import dev.feedloop.problems.Refusal.FieldError;
import java.util.List;

/**
 * What the intake did with a JSON Lines batch: one result per non-empty line, in order.
 *
 * @param accepted lines stored now
 * @param duplicates lines whose traceId was stored before (nothing new stored)
 * @param errors lines refused (nothing of them stored)
 */
public record BatchResult(int accepted, int duplicates, int errors, List<Line> results) {

    /**
     * One line's result.
     *
     * @param line the line's number, from 1
     * @param status {@code accepted}, {@code duplicate} or {@code error}
     * @param id the stored feedback's id (not for errors)
     * @param errors for {@code error}: each field at fault with the reason
     */
    public record Line(
            int line,
            String status,
            String traceId,
            Long id,
            Boolean task,
            String itemExternalId,
            List<FieldError> errors) {

        static Line of(int line, IntakeResult result) {
            return new Line(
                    line, result.status(), result.traceId(), result.id(), result.task(), result.itemExternalId(), null);
        }

        static Line error(int line, String traceId, List<FieldError> errors) {
            return new Line(line, "error", traceId, null, null, null, errors);
        }
    }
}
