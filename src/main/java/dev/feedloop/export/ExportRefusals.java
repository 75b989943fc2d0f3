package dev.feedloop.export;

import dev.feedloop.problems.Refusal;
import org.springframework.http.HttpStatus;

/** The refusals of the export use cases. */
final class ExportRefusals {

    private ExportRefusals() {}

    static Refusal invalid(String field, String detail) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "export.error." + field, detail)
                .field(field);
    }

    static Refusal adminsOnly() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text", "Only administrators may export datasets.");
    }

    static Refusal snapshotNotFound(long id) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text", "No snapshot with id " + id + ".");
    }

    static Refusal fileNotFound(long id, String name) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text", "Snapshot " + id + " has no file '" + name + "'.");
    }
}
