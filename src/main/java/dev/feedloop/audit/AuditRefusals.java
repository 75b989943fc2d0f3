package dev.feedloop.audit;

import dev.feedloop.problems.Refusal;
import java.util.List;
import org.springframework.http.HttpStatus;

/** The refusals of reading the audit log. */
final class AuditRefusals {

    private AuditRefusals() {}

    static Refusal unknownAction(String action) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "audit.error.unknownAction", action)
                .fieldErrors(List.of(new Refusal.FieldError("action", "unknown action")));
    }

    static Refusal badLimit(int max) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "audit.error.limit", max)
                .fieldErrors(List.of(new Refusal.FieldError("limit", "must be between 1 and " + max)));
    }

    static Refusal badTime(String field, String value) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "audit.error.time", field, value)
                .fieldErrors(List.of(new Refusal.FieldError(field, "must be a date (2026-03-01) or an ISO instant")));
    }

    static Refusal adminsOnly() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text").detail("audit.error.adminsOnly.detail");
    }
}
