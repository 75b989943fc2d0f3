package dev.feedloop.export;

import dev.feedloop.problems.Refusal;
import org.springframework.http.HttpStatus;

/** The refusals of the export use cases. */
final class ExportRefusals {

    private ExportRefusals() {}

    /**
     * The export parameter {@code field} is invalid: the page shows {@code export.error.<field>}, API
     * clients read {@code export.error.<field>.detail} with {@code detailArguments}.
     */
    static Refusal invalid(String field, Object... detailArguments) {
        return Refusal.of(HttpStatus.BAD_REQUEST, "export.error." + field)
                .detail("export.error." + field + ".detail", detailArguments)
                .field(field);
    }

    /** An {@code annotators} value other than {@code all} and {@code trusted}: 422 naming the parameter. */
    static Refusal unknownAnnotators(String value) {
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "export.error.annotators")
                .detail("export.error.annotators.detail", value)
                .field("annotators");
    }

    /** A {@code judges} value other than {@code include} and {@code exclude}: 422 naming the parameter. */
    static Refusal unknownJudges(String value) {
        return Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "export.error.judges")
                .detail("export.error.judges.detail", value)
                .field("judges");
    }

    /** An {@code asOf} instant outside the years 1 to 9999. */
    static Refusal asOfOutOfRange() {
        return Refusal.of(HttpStatus.BAD_REQUEST, "export.error.asOf")
                .detail("export.error.asOfRange.detail")
                .field("asOf");
    }

    static Refusal adminsOnly() {
        return Refusal.of(HttpStatus.FORBIDDEN, "error.403.text").detail("export.error.adminsOnly.detail");
    }

    static Refusal snapshotNotFound(long id) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("export.error.noSnapshot.detail", id);
    }

    static Refusal fileNotFound(long id, String name) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("export.error.noFile.detail", id, name);
    }

    static Refusal snapshotJobNotFound(long id) {
        return Refusal.of(HttpStatus.NOT_FOUND, "error.404.text").detail("export.error.noSnapshotJob.detail", id);
    }

    /** Cancelling a job that has ended: 409 with its state. */
    static Refusal snapshotJobEnded(long id, String state) {
        return Refusal.of(HttpStatus.CONFLICT, "export.error.snapshotJobEnded", id, state)
                .detail("export.error.snapshotJobEnded.detail", id, state);
    }
}
