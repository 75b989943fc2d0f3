package dev.feedloop.ingest;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An ingest use case refused a request; renders as a problem on the API and a status page on pages. */
public class IngestException extends ErrorResponseException {

    private final String messageCode;
    private final List<ImportError> errors;

    IngestException(HttpStatus status, String messageCode, String detail) {
        this(status, messageCode, detail, List.of());
    }

    IngestException(HttpStatus status, String messageCode, String detail, List<ImportError> errors) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
        this.messageCode = messageCode;
        this.errors = List.copyOf(errors);
    }

    /** Key of the message to show on pages. */
    public String messageCode() {
        return messageCode;
    }

    /** The import this refusal is about, when one was recorded. */
    public Long importId() {
        Object id = getBody().getProperties() == null
                ? null
                : getBody().getProperties().get("importId");
        return id instanceof Number n ? n.longValue() : null;
    }

    /** The problems found in an import file (empty for other refusals). */
    public List<ImportError> errors() {
        return errors;
    }

    static IngestException itemNotFound(long id) {
        return new IngestException(HttpStatus.NOT_FOUND, "error.404.text", "No item with id " + id + ".");
    }

    static IngestException importNotFound(long id) {
        return new IngestException(HttpStatus.NOT_FOUND, "error.404.text", "No import with id " + id + ".");
    }

    static IngestException unknownFormat(String name) {
        return new IngestException(
                HttpStatus.BAD_REQUEST,
                "ingest.error.format",
                "Unknown import format '" + name + "'; use jsonl, csv, oasst or sharegpt.");
    }

    static IngestException adminOnly() {
        return new IngestException(HttpStatus.FORBIDDEN, "error.403.text", "Only administrators import items.");
    }

    static IngestException adminOnlyItems() {
        return new IngestException(
                HttpStatus.FORBIDDEN,
                "error.403.text",
                "Only administrators list a project's items (they show model names that annotators may not see).");
    }

    static IngestException tooLarge(String what, long limit) {
        return new IngestException(
                HttpStatus.PAYLOAD_TOO_LARGE,
                "ingest.error.tooLarge",
                "The " + what + " is larger than the limit of " + limit + " bytes.");
    }

    /** A line over {@code feedloop.ingest.max-line-length}: 413 naming the line. */
    static IngestException lineTooLong(long line, long limit) {
        List<ImportError> errors = List.of(new ImportError(
                line, null, "the line is longer than the limit of " + limit + " bytes" + megabytes(limit)));
        IngestException e = new IngestException(
                HttpStatus.PAYLOAD_TOO_LARGE,
                "ingest.error.lineTooLong",
                "Line " + line + " is longer than the limit of " + limit + " bytes; nothing was imported.",
                errors);
        e.getBody().setProperty("errorCount", 1);
        e.getBody().setProperty("errors", errors);
        return e;
    }

    /** The file has no items (empty, only blank lines, or a CSV header alone): 422. */
    static IngestException noItems(long importId) {
        List<ImportError> errors = List.of(new ImportError(0, null, "the file has no items"));
        IngestException e = new IngestException(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "ingest.error.noItems",
                "The file has no items; nothing was imported.",
                errors);
        e.getBody().setProperty("importId", importId);
        e.getBody().setProperty("errorCount", 1);
        e.getBody().setProperty("errors", errors);
        return e;
    }

    /** Names the import this refusal was recorded as (when it was thrown before the id was known). */
    IngestException recordedAs(long importId) {
        getBody().setProperty("importId", importId);
        return this;
    }

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? " (" + bytes / (1024 * 1024) + " MB)" : "";
    }

    static IngestException unreadable(String why) {
        return new IngestException(
                HttpStatus.BAD_REQUEST, "ingest.error.unreadable", "The file cannot be read: " + why);
    }

    /** The file has errors: 422 with every error (up to the limit) under {@code errors}. */
    static IngestException rejected(long importId, List<ImportError> errors, long errorCount) {
        IngestException e = new IngestException(
                HttpStatus.UNPROCESSABLE_CONTENT,
                "ingest.error.rejected",
                "The file has " + errorCount + " error" + (errorCount == 1 ? "" : "s") + "; nothing was imported.",
                errors);
        e.getBody().setProperty("importId", importId);
        e.getBody().setProperty("errorCount", errorCount);
        e.getBody().setProperty("errors", errors);
        return e;
    }
}
