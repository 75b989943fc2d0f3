package dev.feedloop.web;

import dev.feedloop.ingest.MalformedJson;
import dev.feedloop.problems.Refusal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;

/**
 * RFC 9457 problem details for every REST controller: validation failures list each field with its
 * message under {@code errors}; unreadable JSON says why. A {@link Refusal}'s (or another {@link
 * ErrorResponse}'s) detail is resolved from the message bundle in English ({@link
 * Refusal#DETAIL_LOCALE}), whatever language the client asked for. Ordered before {@link
 * PageRefusals}, whose {@code @Controller} selection includes REST controllers too.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblems extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse error) {
            body = error.updateAndGetBody(getMessageSource(), Refusal.DETAIL_LOCALE);
        }
        return super.handleExceptionInternal(ex, body, headers, statusCode, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields.");
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> Map.of(
                        "field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex.getMostSpecificCause() instanceof StorableTextConfiguration.UnstorableJsonText unstorable) {
            return unstorableText(unstorable);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, describe(ex));
        return ResponseEntity.badRequest().body(problem);
    }

    /** A JSON string that cannot be stored (NUL, lone surrogate): 400 naming the field, one WARN line. */
    private ResponseEntity<Object> unstorableText(StorableTextConfiguration.UnstorableJsonText ex) {
        String field = fieldPath(ex);
        if (field.isEmpty()) {
            field = "(body)";
        }
        logger.warn("Refused a JSON body: the field '" + field + "' " + ex.reason());
        return ResponseEntity.badRequest().body(StorableText.refusal(field, ex.reason()));
    }

    /** What is wrong with the body, naming the field but not the server's classes. */
    static String describe(HttpMessageNotReadableException ex) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabindException databind
                    && !databind.getPath().isEmpty()) {
                return "The field '" + fieldPath(databind) + "' has a value of the wrong type or form.";
            }
        }
        if (ex.getMostSpecificCause() instanceof JacksonException json) {
            return "The request body is not valid JSON: " + MalformedJson.reason(json);
        }
        return "The request body is missing or not readable.";
    }

    private static String fieldPath(DatabindException databind) {
        return databind.getPath().stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b)
                .orElse("");
    }
}
