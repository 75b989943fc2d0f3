package dev.feedloop.problems;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A use case refused a request. It is Spring's {@link ErrorResponseException}, so the API answers
 * it as an RFC 9457 problem ({@code detail}, plus {@code code} and {@code errors} when set) and
 * pages get its status; pages show {@link #messageCode()} (with {@link #messageArguments()}) from
 * the message bundle, next to {@link #field()} on forms.
 *
 * <p>Build one with {@link #of}, then add what the case needs: {@link #code} for programs, {@link
 * #field} for the form field at fault, {@link #fieldErrors} for several, {@link #property} for
 * other members of the problem.
 */
public final class Refusal extends ErrorResponseException {

    /** What is wrong with one field of a request, as listed under {@code errors} in a problem. */
    public record FieldError(String field, String message) {}

    private final String messageCode;
    private final Object[] messageArguments;
    private @Nullable String field;

    private Refusal(HttpStatus status, String messageCode, Object[] messageArguments, String detail) {
        super(status, ProblemDetail.forStatusAndDetail(status, detail), null);
        this.messageCode = messageCode;
        this.messageArguments = messageArguments;
    }

    /**
     * A refusal with the status, the page message's code and arguments, and the detail API clients
     * read (English).
     */
    public static Refusal of(HttpStatus status, String messageCode, String detail, Object... messageArguments) {
        return new Refusal(status, messageCode, messageArguments.clone(), detail);
    }

    /** Names the case for programs, as the problem's {@code code} member. */
    public Refusal code(String code) {
        getBody().setProperty("code", code);
        return this;
    }

    /** The form field at fault: listed under {@code errors} with the detail as its message. */
    public Refusal field(String field) {
        this.field = field;
        return fieldErrors(
                List.of(new FieldError(field, String.valueOf(getBody().getDetail()))));
    }

    /** Several fields at fault, listed under {@code errors}. */
    public Refusal fieldErrors(List<FieldError> errors) {
        getBody()
                .setProperty(
                        "errors",
                        errors.stream()
                                .map(e -> Map.of("field", e.field(), "message", e.message()))
                                .toList());
        return this;
    }

    /** Any other member of the problem (such as {@code importId}). */
    public Refusal property(String name, Object value) {
        getBody().setProperty(name, value);
        return this;
    }

    /** A member set with {@link #property} (or {@code code}, {@code errors}), or {@code null}. */
    public @Nullable Object property(String name) {
        Map<String, Object> properties = getBody().getProperties();
        return properties == null ? null : properties.get(name);
    }

    /** The HTTP status as a number. */
    public int status() {
        return getStatusCode().value();
    }

    /** Key of the message to show on pages. */
    public String messageCode() {
        return messageCode;
    }

    /** Arguments of {@link #messageCode()}. */
    public Object[] messageArguments() {
        return messageArguments.clone();
    }

    /** The form field at fault, or {@code null}. */
    public @Nullable String field() {
        return field;
    }

    @Override
    public String getMessage() {
        return getStatusCode().value() + " " + messageCode + Arrays.toString(messageArguments) + ": "
                + getBody().getDetail();
    }
}
