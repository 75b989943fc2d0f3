package dev.feedloop.ingest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** An ingest use case refused a request; renders as a problem on the API and a status page on pages. */
public class IngestException extends ErrorResponseException {

    private final String messageCode;

    IngestException(HttpStatus status, String messageCode, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
        this.messageCode = messageCode;
    }

    /** Key of the message to show on pages. */
    public String messageCode() {
        return messageCode;
    }

    static IngestException itemNotFound(long id) {
        return new IngestException(HttpStatus.NOT_FOUND, "error.404.text", "No item with id " + id + ".");
    }
}
