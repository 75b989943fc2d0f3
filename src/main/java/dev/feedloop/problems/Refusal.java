package dev.feedloop.problems;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A use case refused a request. It is Spring's {@link ErrorResponseException}, so the API answers
 * it as an RFC 9457 problem ({@code detail}, plus {@code code} and {@code errors} when set) and
 * pages get its status; pages show {@link #messageCode()} (with {@link #messageArguments()}) from
 * the message bundle, next to {@link #field()} on forms.
 *
 * <p>The problem's {@code detail} comes from the message bundle too, always in English ({@link
 * #DETAIL_LOCALE}) whatever language the client asked for: {@code <messageCode>.detail} when the
 * bundle has that key, else the page's own message, with the same arguments; or the message named
 * with {@link #detail}. It is filled in when the problem is answered ({@link #updateAndGetBody}).
 *
 * <p>Build one with {@link #of}, then add what the case needs: {@link #detail} for a detail that
 * says more than the page's message, {@link #code} for programs, {@link #field} for the form field
 * at fault, {@link #fieldErrors} for several, {@link #property} for other members of the problem.
 */
public final class Refusal extends ErrorResponseException {

    /** The language of every problem's {@code detail}: API clients read it in English, word for word. */
    public static final Locale DETAIL_LOCALE = Locale.ENGLISH;

    /** The suffix of a detail's key beside the page message's ({@code <messageCode>.detail}). */
    static final String DETAIL_SUFFIX = ".detail";

    /** What is wrong with one field of a request, as listed under {@code errors} in a problem. */
    public record FieldError(String field, String message) {}

    private final String messageCode;
    private final Object[] messageArguments;
    private @Nullable String detailCode;
    private Object[] detailArguments;
    private @Nullable String field;

    private Refusal(HttpStatus status, String messageCode, Object[] messageArguments) {
        super(status, ProblemDetail.forStatus(status), null);
        this.messageCode = messageCode;
        this.messageArguments = messageArguments;
        this.detailArguments = messageArguments;
    }

    /**
     * A refusal with the status and the page message's code and arguments; API clients read {@code
     * <messageCode>.detail} (or the page message itself) in English, with the same arguments.
     */
    public static Refusal of(HttpStatus status, String messageCode, Object... messageArguments) {
        return new Refusal(status, messageCode, messageArguments.clone());
    }

    /**
     * The detail API clients read is the message {@code detailCode} with its own arguments: for a
     * page that shows only its status's general text, or a detail with other arguments than the
     * page's message.
     */
    public Refusal detail(String detailCode, Object... detailArguments) {
        this.detailCode = detailCode;
        this.detailArguments = detailArguments.clone();
        return this;
    }

    /** Names the case for programs, as the problem's {@code code} member. */
    public Refusal code(String code) {
        getBody().setProperty("code", code);
        return this;
    }

    /** The form field at fault: listed under {@code errors} with the detail as its message. */
    public Refusal field(String field) {
        this.field = field;
        getBody().setProperty("errors", List.of(Map.of("field", field)));
        return this;
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

    /** The key of the detail: the one given to {@link #detail}, else {@code <messageCode>.detail}. */
    @Override
    public String getDetailMessageCode() {
        return detailCode != null ? detailCode : messageCode + DETAIL_SUFFIX;
    }

    @Override
    public Object[] getDetailMessageArguments() {
        return detailArguments.clone();
    }

    /**
     * The problem with its detail resolved from {@code messages} in {@code locale} (API clients get
     * {@link #DETAIL_LOCALE}), and the field named by {@link #field} listed with it under {@code
     * errors}.
     */
    @Override
    public ProblemDetail updateAndGetBody(@Nullable MessageSource messages, Locale locale) {
        ProblemDetail body = super.updateAndGetBody(messages, locale);
        if (messages == null) {
            return body;
        }
        Object[] arguments = getDetailMessageArguments(messages, locale);
        String detail = messages.getMessage(getDetailMessageCode(), arguments, null, locale);
        if (detail == null && detailCode == null) {
            detail = messages.getMessage(messageCode, arguments, null, locale);
        }
        body.setDetail(detail);
        if (field != null) {
            body.setProperty("errors", List.of(Map.of("field", field, "message", String.valueOf(detail))));
        }
        return body;
    }

    /** The detail API clients read, in {@link #DETAIL_LOCALE}. */
    public @Nullable String apiDetail(MessageSource messages) {
        return updateAndGetBody(messages, DETAIL_LOCALE).getDetail();
    }

    @Override
    public String getMessage() {
        return getStatusCode().value() + " " + messageCode + Arrays.toString(messageArguments) + ", detail "
                + getDetailMessageCode() + Arrays.toString(detailArguments);
    }
}
