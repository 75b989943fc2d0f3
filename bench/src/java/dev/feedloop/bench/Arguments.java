package dev.feedloop.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's arguments as {@code name=value} pairs ({@code -Dbench.args="rate=50 seconds=20"}).
 * An unknown name or a value that is not a number stops the benchmark with a message naming it.
 */
final class Arguments {

    private final Map<String, String> values = new LinkedHashMap<>();

    private Arguments() {}

    static Arguments parse(String[] args, String... names) {
        Arguments arguments = new Arguments();
        List<String> known = List.of(names);
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            if (eq < 0 || !known.contains(name)) {
                throw new IllegalArgumentException(
                        "Unknown argument '" + arg + "': give name=value pairs, names: " + String.join(", ", known));
            }
            arguments.values.put(name, arg.substring(eq + 1));
        }
        return arguments;
    }

    int integer(String name, int defaultValue) {
        return (int) number(name, defaultValue);
    }

    double number(String name, double defaultValue) {
        String value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Double.parseDouble(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Argument " + name + "=" + value + " is not a number");
        }
    }

    String text(String name, String defaultValue) {
        return values.getOrDefault(name, defaultValue);
    }
}
