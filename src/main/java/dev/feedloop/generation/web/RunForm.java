package dev.feedloop.generation.web;

import dev.feedloop.generation.RunRequest;
import jakarta.validation.constraints.Pattern;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The form that starts a generation run, as typed: numbers stay text until the form is valid, so
 * that a refused form shows back what was typed. {@code metadata} is typed as {@code key=value}
 * lines; a line without {@code =} becomes an empty key, which the run refuses with the field's
 * message.
 */
record RunForm(
        @Nullable List<String> endpointIds,

        @Nullable @Pattern(regexp = "ALL|FEWER_THAN", message = "{generation.form.itemsChoice}")
        String items,

        @Nullable @Pattern(regexp = "\\s*\\d{0,9}\\s*", message = "{typeMismatch}")
        String fewerThan,

        @Nullable String metadata,

        @Nullable @Pattern(regexp = "\\s*\\d{0,9}\\s*", message = "{typeMismatch}")
        String samples,

        @Nullable @Pattern(regexp = "\\s*-?\\d{0,18}\\s*", message = "{typeMismatch}")
        String seed) {

    /** A new form: the given endpoint chosen (null: none), every item, one sample each. */
    static RunForm empty(@Nullable String endpointId) {
        return new RunForm(endpointId == null ? List.of() : List.of(endpointId), "ALL", "2", "", "1", null);
    }

    public boolean chosen(long endpointId) {
        return endpointIds != null && endpointIds.contains(String.valueOf(endpointId));
    }

    public boolean fewerThanChosen() {
        return "FEWER_THAN".equals(items);
    }

    /** The run to start; call only on a valid form. An endpoint id that is not a number names none. */
    RunRequest toRequest() {
        List<Long> ids = endpointIds == null
                ? List.of()
                : endpointIds.stream()
                        .map(id -> id.strip().matches("\\d{1,18}") ? Long.parseLong(id.strip()) : -1L)
                        .toList();
        Long samplesTyped = number(samples);
        Long fewerThanTyped = number(fewerThan);
        return new RunRequest(
                ids,
                fewerThanChosen() ? RunRequest.RunItems.FEWER_THAN : RunRequest.RunItems.ALL,
                fewerThanTyped == null ? null : fewerThanTyped.intValue(),
                metadata(metadata),
                samplesTyped == null ? 1 : samplesTyped.intValue(),
                number(seed));
    }

    private static @Nullable Long number(@Nullable String text) {
        return text == null || text.isBlank() ? null : Long.parseLong(text.strip());
    }

    static Map<String, String> metadata(@Nullable String text) {
        Map<String, String> filter = new LinkedHashMap<>();
        if (text == null) {
            return filter;
        }
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                filter.put("", line.strip());
            } else {
                filter.put(
                        line.substring(0, equals).strip(),
                        line.substring(equals + 1).strip());
            }
        }
        return filter;
    }
}
