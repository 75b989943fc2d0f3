package dev.feedloop.ingest;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Checks on the texts of one line, collecting its errors. */
final class FieldRules {

    static final int MAX_ITEM_ID = 500;
    static final int MAX_CANDIDATE_ID = 200;

    private final int maxFieldLength;
    private final long line;
    private final List<ImportError> errors = new ArrayList<>();

    FieldRules(int maxFieldLength, long line) {
        this.maxFieldLength = maxFieldLength;
        this.line = line;
    }

    long line() {
        return line;
    }

    /** Records a problem at {@code field}: its English message, and its code with arguments. */
    void error(String field, String message, String code, Object... args) {
        errors.add(ImportError.of(line, field, message, code, args));
    }

    void error(ImportError error) {
        errors.add(error);
    }

    /**
     * Records that {@code node} at {@code field} has the wrong JSON type: "{@code expected}, not a
     * number", under {@code code} (an {@code ingest.problem.wrongType.*}) with the type found as
     * last argument.
     */
    void wrongType(String field, String expected, String code, JsonNode node) {
        error(field, expected + ", not " + describe(node), code, jsonType(node));
    }

    /** "is required", the commonest problem. */
    void required(String field) {
        error(field, "is required", "ingest.problem.required");
    }

    /** Whether a field the record's format requires is missing. */
    boolean lacksRequired() {
        return errors.stream()
                .anyMatch(e ->
                        "ingest.problem.requiredIn".equals(e.code()) || "ingest.problem.required".equals(e.code()));
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Hands the errors found to {@code sink}; {@code true} when there were none. */
    boolean report(ImportSink sink) {
        errors.forEach(sink::error);
        return errors.isEmpty();
    }

    /** The required text at {@code field}, or {@code null} after recording why it is not acceptable. */
    String requiredText(JsonNode node, String field) {
        if (node == null || node.isMissingNode()) {
            required(field);
            return null;
        }
        if (!node.isString()) {
            wrongType(field, "must be text", "ingest.problem.wrongType.text", node);
            return null;
        }
        return text(node.asString(), field, maxFieldLength);
    }

    /** Optional text: absent or null gives {@code null} without error. */
    String optionalText(JsonNode node, String field, int maxLength) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            wrongType(field, "must be text", "ingest.problem.wrongType.text", node);
            return null;
        }
        return text(node.asString(), field, maxLength);
    }

    /**
     * {@code value} if it is non-blank, free of NUL and of lone UTF-16 surrogates, and not too long;
     * else {@code null} and an error.
     */
    String text(String value, String field, int maxLength) {
        if (value == null) {
            required(field);
            return null;
        }
        if (value.isEmpty()) {
            empty(field);
            return null;
        }
        if (value.isBlank()) {
            error(field, "must not be only whitespace", "ingest.problem.blank");
            return null;
        }
        if (value.indexOf('\0') >= 0) {
            nul(field);
            return null;
        }
        if (hasLoneSurrogate(value)) {
            loneSurrogate(field);
            return null;
        }
        int limit = Math.min(maxLength, maxFieldLength);
        if (value.length() > limit && value.codePointCount(0, value.length()) > limit) {
            int length = value.codePointCount(0, value.length());
            error(
                    field,
                    "is " + length + " characters long; the limit is " + limit,
                    "ingest.problem.textTooLong",
                    length,
                    limit);
            return null;
        }
        return value;
    }

    int maxFieldLength() {
        return maxFieldLength;
    }

    /** Checks that no text inside a metadata value holds NUL (PostgreSQL's jsonb refuses it). */
    void metadata(JsonNode node, String field) {
        if (!node.isObject()) {
            wrongType(field, "must be a JSON object", "ingest.problem.wrongType.object", node);
            return;
        }
        if (containsNul(node)) {
            nul(field);
        } else if (containsLoneSurrogate(node)) {
            loneSurrogate(field);
        } else if (node.toString().length() > maxFieldLength) {
            error(
                    field,
                    "is longer than " + maxFieldLength + " characters as JSON",
                    "ingest.problem.jsonTooLong",
                    maxFieldLength);
        }
    }

    /** Whether {@code array} is a non-empty array of messages; else records why not. */
    boolean messageArray(JsonNode array, String field) {
        if (!array.isArray()) {
            wrongType(field, "must be an array of messages", "ingest.problem.wrongType.messages", array);
            return false;
        }
        if (array.isEmpty()) {
            empty(field);
            return false;
        }
        return true;
    }

    /** Whether {@code message} (at {@code field}) is an object; else records that it must be {@code {"role", "content"}}. */
    boolean messageObject(JsonNode message, String field) {
        if (!message.isObject()) {
            wrongType(field, "must be an object {\"role\", \"content\"}", "ingest.problem.wrongType.message", message);
            return false;
        }
        return true;
    }

    /** "must not be empty" (a text, an array). */
    void empty(String field) {
        error(field, "must not be empty", "ingest.problem.empty");
    }

    /** An id over {@code limit} characters. */
    void idTooLong(String field, int limit) {
        error(field, "is longer than " + limit + " characters", "ingest.problem.idTooLong", limit);
    }

    private void nul(String field) {
        error(field, "contains a NUL character (\\u0000), which cannot be stored", "ingest.problem.nul");
    }

    private void loneSurrogate(String field) {
        error(
                field,
                "contains a lone UTF-16 surrogate (such as \\ud800 without its pair), which is not a character",
                "ingest.problem.loneSurrogate");
    }

    /** Whether {@code value} holds half of a UTF-16 surrogate pair without the other half. */
    static boolean hasLoneSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean containsLoneSurrogate(JsonNode node) {
        if (node.isString()) {
            return hasLoneSurrogate(node.asString());
        }
        if (node.isObject()) {
            for (var entry : node.properties()) {
                if (hasLoneSurrogate(entry.getKey()) || containsLoneSurrogate(entry.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                if (containsLoneSurrogate(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean containsNul(JsonNode node) {
        if (node.isString()) {
            return node.asString().indexOf('\0') >= 0;
        }
        if (node.isObject()) {
            for (var entry : node.properties()) {
                if (entry.getKey().indexOf('\0') >= 0 || containsNul(entry.getValue())) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                if (containsNul(child)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The JSON type of {@code node} as the arguments of wrong-type problems name it. */
    static String jsonType(JsonNode node) {
        if (node.isNumber()) {
            return "number";
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isObject()) {
            return "object";
        }
        if (node.isNull()) {
            return "null";
        }
        return "string";
    }

    static String describe(JsonNode node) {
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "true/false";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isNull()) {
            return "null";
        }
        return "text";
    }
}
