package dev.feedloop.export;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;

/**
 * Checks that a JSON Lines file has one schema, the way Hugging Face {@code datasets} reads it:
 * pyarrow infers the schema of the file's first 10 MB chunk, and every later chunk is cast to it,
 * which fails on a key the first chunk lacks, on a value whose type differs (an integer column that
 * later holds {@code 0.5}, a column that is all null and later a string), and on a list that is
 * empty throughout the first chunk and has elements later.
 *
 * <p>The rules, over key paths ({@code metadata.margin}, {@code rankings[].ratings[].rating}) and
 * JSON types ({@code string}, {@code integer}, {@code float}, {@code boolean}, {@code null},
 * {@code object}, {@code array}; null is a type of its own):
 *
 * <ol>
 *   <li>Outside lists, every line has the same paths with the same types.
 *   <li>Inside lists, a path has one type wherever it occurs, and every object at one path has the
 *       same keys (except the paths named as {@code varyingObjects}).
 *   <li>Every path of the file occurs in its first 10 MB chunk.
 * </ol>
 */
final class LineSchema {

    static final long CHUNK = 10L << 20;

    private final Set<String> varyingObjects;
    private final Map<String, String> firstLine = new TreeMap<>();
    private final Map<String, String> listTypes = new TreeMap<>();
    private final Map<String, Set<String>> objectKeys = new TreeMap<>();
    private final Set<String> firstChunk = new TreeSet<>();
    private final List<String> problems = new ArrayList<>();
    private long bytes;
    private long lines;
    private String lastOfFirstChunk;

    LineSchema(Set<String> varyingObjects) {
        this.varyingObjects = varyingObjects;
    }

    /** Reads one line ({@code length} bytes with its newline). */
    void accept(JsonNode line, long length) {
        Map<String, String> outside = new TreeMap<>();
        Map<String, String> all = new LinkedHashMap<>();
        walk("", line, false, outside, all);
        boolean inFirstChunk = bytes < CHUNK;
        bytes += length;
        lines++;
        if (lines == 1) {
            firstLine.putAll(outside);
        } else if (!outside.equals(firstLine) && problems.size() < 20) {
            problems.add("line " + lines + " differs from line 1 outside lists: " + difference(firstLine, outside));
        }
        for (var e : all.entrySet()) {
            if (inFirstChunk) {
                firstChunk.add(e.getKey() + ":" + e.getValue());
            } else if (!firstChunk.contains(e.getKey() + ":" + e.getValue()) && problems.size() < 20) {
                problems.add("line " + lines + " (after the first 10 MB) has " + e.getKey() + ":" + e.getValue()
                        + ", which the first chunk never has");
            }
        }
        if (inFirstChunk) {
            lastOfFirstChunk = line.path("metadata").path("external_id").asString("");
        }
    }

    private void walk(
            String path, JsonNode node, boolean inList, Map<String, String> outside, Map<String, String> all) {
        String type = type(node);
        String known = all.putIfAbsent(path, type);
        if (known != null && !known.equals(type) && problems.size() < 20) {
            problems.add("line " + (lines + 1) + " has " + path + " as " + known + " and " + type);
        }
        if (inList) {
            String before = listTypes.putIfAbsent(path, type);
            if (before != null && !before.equals(type) && problems.size() < 20) {
                problems.add("line " + (lines + 1) + " has " + path + " as " + type + ", before " + before);
            }
        } else {
            outside.put(path, type);
        }
        if (node.isObject()) {
            Set<String> keys = new TreeSet<>(node.propertyNames());
            Set<String> before = objectKeys.putIfAbsent(path, keys);
            if (before != null && !before.equals(keys) && !varyingObjects.contains(path) && problems.size() < 20) {
                problems.add("line " + (lines + 1) + " has an object at " + path + " with keys " + keys + ", before "
                        + before);
            }
            for (var field : node.properties()) {
                walk(
                        path.isEmpty() ? field.getKey() : path + "." + field.getKey(),
                        field.getValue(),
                        inList,
                        outside,
                        all);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                walk(path + "[]", element, true, outside, all);
            }
        }
    }

    static String type(JsonNode node) {
        if (node.isNull()) {
            return "null";
        } else if (node.isObject()) {
            return "object";
        } else if (node.isArray()) {
            return "array";
        } else if (node.isString()) {
            return "string";
        } else if (node.isBoolean()) {
            return "boolean";
        } else if (node.isIntegralNumber()) {
            return "integer";
        }
        return "float";
    }

    private static String difference(Map<String, String> first, Map<String, String> other) {
        List<String> diff = new ArrayList<>();
        for (var e : first.entrySet()) {
            if (!Objects.equals(other.get(e.getKey()), e.getValue())) {
                diff.add(e.getKey() + ": " + e.getValue() + " -> " + other.get(e.getKey()));
            }
        }
        for (var e : other.entrySet()) {
            if (!first.containsKey(e.getKey())) {
                diff.add(e.getKey() + ": (absent) -> " + e.getValue());
            }
        }
        return String.join(", ", diff);
    }

    List<String> problems() {
        return problems;
    }

    long bytes() {
        return bytes;
    }

    long lines() {
        return lines;
    }

    /** The {@code metadata.external_id} of the first chunk's last line. */
    String lastOfFirstChunk() {
        return lastOfFirstChunk;
    }
}
