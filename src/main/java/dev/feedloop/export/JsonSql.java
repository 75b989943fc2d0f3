package dev.feedloop.export;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Builds the SQL expression that puts a JSON text together in PostgreSQL, in the style of {@code
 * jsonb::text}: {@code ", "} between members and {@code ": "} after keys. Fixed text becomes SQL
 * string literals; values are SQL expressions that give JSON text (numbers, {@code to_json(...)},
 * {@code jsonb::text}) or, in {@link #quoted}, text that needs no escaping (split names,
 * pseudonyms, times). The parts are joined with {@code ||}, so a NULL value makes the whole line
 * NULL unless the expression gives a default.
 */
final class JsonSql {

    private final List<String> parts = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private final Deque<Boolean> firstMember = new ArrayDeque<>();

    /** Opens an object: {@code {}. */
    JsonSql open() {
        text.append('{');
        firstMember.push(true);
        return this;
    }

    /** Closes the innermost object: {@code }}. */
    JsonSql close() {
        text.append('}');
        firstMember.pop();
        return this;
    }

    /** Starts a member of the innermost object: {@code "key": }, after {@code ", "} unless first. */
    JsonSql key(String key) {
        if (!firstMember.pop()) {
            text.append(", ");
        }
        firstMember.push(false);
        text.append('"').append(key).append("\": ");
        return this;
    }

    /** A member {@code "key": value} with {@code value} an expression giving JSON text. */
    JsonSql member(String key, String value) {
        return key(key).value(value);
    }

    /** A member {@code "key": "value"} with {@code value} an expression giving text that needs no escaping. */
    JsonSql quoted(String key, String value) {
        return key(key).text("\"").value(value).text("\"");
    }

    /** A member {@code "key": [items]} with {@code items} an expression giving the array's inside. */
    JsonSql array(String key, String items) {
        return key(key).text("[").value(items).text("]");
    }

    /**
     * A member {@code "key": value} only when {@code value} is not NULL (it must not be the object's
     * first member).
     */
    JsonSql optional(String key, String value) {
        if (firstMember.peek()) {
            throw new IllegalStateException("an optional member cannot come first: " + key);
        }
        return value("COALESCE(', \"" + key + "\": ' || " + value + ", '')");
    }

    /** Fixed JSON text. */
    JsonSql text(String fixed) {
        text.append(fixed);
        return this;
    }

    /** An SQL expression whose text goes into the JSON as it is. */
    JsonSql value(String expression) {
        flushText();
        parts.add("(" + expression + ")");
        return this;
    }

    /** The SQL expression of the whole text. */
    String sql() {
        flushText();
        return String.join(" || ", parts);
    }

    private void flushText() {
        if (!text.isEmpty()) {
            parts.add("'" + text.toString().replace("'", "''") + "'");
            text.setLength(0);
        }
    }
}
