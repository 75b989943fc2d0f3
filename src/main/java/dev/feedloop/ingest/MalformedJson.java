package dev.feedloop.ingest;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * Says in plain words what is wrong with a JSON text, for import errors and API answers: the
 * parser's own reason without its class and setting names ({@code StreamReadConstraints},
 * {@code [Source: ...]}), which mean nothing to the person who sent the JSON.
 */
public final class MalformedJson {

    private static final Pattern LIMIT = Pattern.compile("maximum allowed \\((\\d+)");
    private static final Pattern SOURCE = Pattern.compile("\\s*\\(start marker at \\[Source:[^]]*]\\)");

    private MalformedJson() {}

    /** Why the JSON cannot be read, in one short sentence without a trailing period. */
    public static String reason(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            return limit(message);
        }
        if (e instanceof InputCoercionException) {
            return "a number is too large";
        }
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        message = SOURCE.matcher(message).replaceAll("");
        if (message.isBlank()
                || message.contains("`")
                || message.contains("tools.jackson")
                || message.contains("java.")
                || message.contains("[Source:")) {
            return "the JSON is malformed";
        }
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        return message;
    }

    private static String limit(String message) {
        Matcher limit = LIMIT.matcher(message);
        String max = limit.find() ? limit.group(1) : null;
        if (message.startsWith("String value length")) {
            return max == null ? "a text is too long" : "a text is longer than " + max + " characters";
        }
        if (message.startsWith("Number value length")) {
            return max == null ? "a number is too long" : "a number has more than " + max + " digits";
        }
        if (message.startsWith("Name length")) {
            return max == null
                    ? "a property name is too long"
                    : "a property name is longer than " + max + " characters";
        }
        if (message.startsWith("Document nesting depth")) {
            return max == null ? "the JSON is nested too deeply" : "the JSON is nested deeper than " + max + " levels";
        }
        return "the JSON is larger than this server accepts";
    }
}
