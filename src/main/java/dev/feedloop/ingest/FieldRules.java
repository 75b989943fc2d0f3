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
    private final List<String[]> errors = new ArrayList<>();

    FieldRules(int maxFieldLength, long line) {
        this.maxFieldLength = maxFieldLength;
        this.line = line;
    }

    long line() {
        return line;
    }

    void error(String field, String message) {
        errors.add(new String[] {field, message});
    }

    boolean hasErrors() {
        return !errors.isEmpty();
    }

    /** Hands the errors found to {@code sink}; {@code true} when there were none. */
    boolean report(ImportSink sink) {
        for (String[] error : errors) {
            sink.error(line, error[0], error[1]);
        }
        return errors.isEmpty();
    }

    /** The required text at {@code field}, or {@code null} after recording why it is not acceptable. */
    String requiredText(JsonNode node, String field) {
        if (node == null || node.isMissingNode()) {
            error(field, "is required");
            return null;
        }
        if (!node.isString()) {
            error(field, "must be text, not " + describe(node));
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
            error(field, "must be text, not " + describe(node));
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
            error(field, "is required");
            return null;
        }
        if (value.isBlank()) {
            error(field, value.isEmpty() ? "must not be empty" : "must not be only whitespace");
            return null;
        }
        if (value.indexOf('\0') >= 0) {
            error(field, "contains a NUL character (\\u0000), which cannot be stored");
            return null;
        }
        if (hasLoneSurrogate(value)) {
            error(field, LONE_SURROGATE);
            return null;
        }
        int limit = Math.min(maxLength, maxFieldLength);
        if (value.length() > limit && value.codePointCount(0, value.length()) > limit) {
            error(field, "is " + value.codePointCount(0, value.length()) + " characters long; the limit is " + limit);
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
            error(field, "must be a JSON object, not " + describe(node));
            return;
        }
        if (containsNul(node)) {
            error(field, "contains a NUL character (\\u0000), which cannot be stored");
        } else if (containsLoneSurrogate(node)) {
            error(field, LONE_SURROGATE);
        } else if (node.toString().length() > maxFieldLength) {
            error(field, "is longer than " + maxFieldLength + " characters as JSON");
        }
    }

    private static final String LONE_SURROGATE =
            "contains a lone UTF-16 surrogate (such as \\ud800 without its pair), which is not a character";

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
