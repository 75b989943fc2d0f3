package dev.feedloop.labeling;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the list of problems out of a model's critique. Models are asked for {@code {"problems":
 * [{"kind": …, "text": …}]}}; a bare list, a code fence around it or a sentence before it are
 * tolerated. Anything else is no list ({@code null}), and the page shows the answer as text.
 */
final class CritiqueReader {

    /** More problems than this are cut: a critique is a short list. */
    static final int MAX_PROBLEMS = 20;

    /** Longest problem text kept, in characters. */
    static final int MAX_TEXT = 2_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CritiqueReader() {}

    static @Nullable List<Critique.Problem> problems(String answer) {
        JsonNode root = parse(answer);
        if (root == null) {
            return null;
        }
        JsonNode list = root.isArray() ? root : root.get("problems");
        if (list == null || !list.isArray()) {
            return null;
        }
        List<Critique.Problem> problems = new ArrayList<>();
        for (JsonNode entry : list) {
            Critique.Problem problem = problem(entry);
            if (problem == null) {
                return null;
            }
            if (problems.size() < MAX_PROBLEMS) {
                problems.add(problem);
            }
        }
        return List.copyOf(problems);
    }

    private static Critique.@Nullable Problem problem(JsonNode entry) {
        if (entry.isString() && !entry.asString().isBlank()) {
            return new Critique.Problem(null, cut(entry.asString()));
        }
        JsonNode text = entry.get("text");
        if (!entry.isObject()
                || text == null
                || !text.isString()
                || text.asString().isBlank()) {
            return null;
        }
        JsonNode kind = entry.get("kind");
        String named = kind != null && kind.isString() ? kind.asString().strip().toLowerCase(Locale.ROOT) : null;
        return new Critique.Problem(Critique.KINDS.contains(named) ? named : null, cut(text.asString()));
    }

    private static String cut(String text) {
        String stripped = text.strip();
        return stripped.length() <= MAX_TEXT ? stripped : stripped.substring(0, MAX_TEXT) + "…";
    }

    private static @Nullable JsonNode parse(String answer) {
        int object = answer.indexOf('{');
        int array = answer.indexOf('[');
        int start = object < 0 ? array : array < 0 ? object : Math.min(object, array);
        if (start < 0) {
            return null;
        }
        int end = Math.max(answer.lastIndexOf('}'), answer.lastIndexOf(']'));
        if (end < start) {
            return null;
        }
        try {
            return JSON.readTree(answer.substring(start, end + 1));
        } catch (JacksonException e) {
            return null;
        }
    }
}
