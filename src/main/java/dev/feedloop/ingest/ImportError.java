package dev.feedloop.ingest;

import java.util.List;
import org.springframework.context.MessageSourceResolvable;
import org.springframework.context.support.DefaultMessageSourceResolvable;

/**
 * One problem found in an import file.
 *
 * <p>{@code message} is the English text API clients read; {@code code} and {@code args} name the
 * same problem in the message bundles ({@code ingest.problem.*}), so that pages show it in the
 * reader's language. A code of the {@code ingest.problem.wrongType.*} family takes the JSON type
 * found as its last argument ({@code number}, {@code boolean}, {@code array}, {@code object},
 * {@code null} or {@code string}), itself a message {@code ingest.problem.jsonType.<type>}. Imports
 * recorded before problems had codes have neither ({@code null}).
 *
 * @param line 1-based line of the file (for CSV the line the record starts on; 0 for the file as a
 *     whole)
 * @param field where in the line, such as {@code messages[1].role} or {@code candidates[0].id}, or
 *     {@code null} when the whole line is at fault
 * @param message what is wrong, in English
 * @param code the message code of the problem, or {@code null} for an import recorded without one
 * @param args the arguments of {@code code} (texts and numbers), or {@code null} with it
 */
public record ImportError(long line, String field, String message, String code, List<Object> args) {

    /** Prefix of the codes whose last argument is a JSON type. */
    static final String WRONG_TYPE = "ingest.problem.wrongType.";

    /** Prefix of the messages naming a JSON type, for the last argument of a wrong-type code. */
    static final String JSON_TYPE = "ingest.problem.jsonType.";

    public ImportError {
        args = args == null ? null : List.copyOf(args);
    }

    /** A problem with its English message, code and arguments. */
    static ImportError of(long line, String field, String message, String code, Object... args) {
        return new ImportError(line, field, message, code, List.of(args));
    }

    /**
     * The problem as a message for pages: its code and arguments (a JSON type as its own message),
     * with the English message as the default, which is all an import recorded without codes has.
     */
    public MessageSourceResolvable resolvable() {
        if (code == null) {
            return new DefaultMessageSourceResolvable(null, null, message);
        }
        Object[] arguments = args == null ? new Object[0] : args.toArray();
        if (code.startsWith(WRONG_TYPE) && arguments.length > 0) {
            int last = arguments.length - 1;
            arguments[last] = new DefaultMessageSourceResolvable(
                    new String[] {JSON_TYPE + arguments[last]}, String.valueOf(arguments[last]));
        }
        return new DefaultMessageSourceResolvable(new String[] {code}, arguments, message);
    }
}
