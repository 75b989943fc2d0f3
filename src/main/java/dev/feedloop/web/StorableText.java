package dev.feedloop.web;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * Text that PostgreSQL cannot store as it was sent: a NUL character (a {@code text} value cannot
 * hold one) or half of a UTF-16 surrogate pair (it has no UTF-8 form and would be stored as
 * {@code ?}). Requests carrying such text are refused with 400 naming the field.
 */
final class StorableText {

    private StorableText() {}

    /** Why {@code value} cannot be stored, or {@code null} when it can. */
    static String problem(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return "contains a NUL character (U+0000)";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "contains a lone UTF-16 surrogate (half of a surrogate pair)";
            }
            if (Character.isLowSurrogate(c)) {
                return "contains a lone UTF-16 surrogate (half of a surrogate pair)";
            }
        }
        return null;
    }

    /** The 400 problem that names {@code field} and says why its text was refused. */
    static ProblemDetail refusal(String field, String reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "The field '" + field + "' " + reason + ", which cannot be stored.");
        problem.setProperty("errors", List.of(Map.of("field", field, "message", reason)));
        return problem;
    }
}
