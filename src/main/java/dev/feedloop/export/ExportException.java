package dev.feedloop.export;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An export use case refused a request; renders as a problem on the API and a status page on pages. */
public class ExportException extends ErrorResponseException {

    private final String messageCode;
    private final String field;

    ExportException(HttpStatus status, String messageCode, String field, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
        this.messageCode = messageCode;
        this.field = field;
        if (field != null) {
            getBody().setProperty("errors", List.of(Map.of("field", field, "message", detail)));
        }
    }

    /** Key of the message to show on pages. */
    public String messageCode() {
        return messageCode;
    }

    /** The request parameter at fault, or {@code null}. */
    public String field() {
        return field;
    }

    static ExportException invalid(String field, String detail) {
        return new ExportException(HttpStatus.BAD_REQUEST, "export.error." + field, field, detail);
    }

    static ExportException adminsOnly() {
        return new ExportException(
                HttpStatus.FORBIDDEN, "error.403.text", null, "Only administrators may export datasets.");
    }

    static ExportException snapshotNotFound(long id) {
        return new ExportException(HttpStatus.NOT_FOUND, "error.404.text", null, "No snapshot with id " + id + ".");
    }

    static ExportException fileNotFound(long id, String name) {
        return new ExportException(
                HttpStatus.NOT_FOUND, "error.404.text", null, "Snapshot " + id + " has no file '" + name + "'.");
    }
}
