package dev.feedloop.problems;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.ui.Model;

/**
 * What a refused page request sent, kept for the page it goes back to (a flash attribute named
 * {@link #FLASH}, see {@link RefusalShows}): the kept request parameters, never passwords, and the
 * refusal's message and field.
 *
 * @param values the kept parameters, each with all its values in the order they were sent
 * @param form the page form's model attribute, or {@code null} when the page binds none
 * @param formType the class of that form, or {@code null}
 * @param field the form field the message belongs to, or {@code null} for the whole form
 * @param messageCode the refusal's message
 * @param messageArguments the message's arguments
 */
public record RefusedInput(
        Map<String, List<String>> values,
        @Nullable String form,
        @Nullable String formType,
        @Nullable String field,
        String messageCode,
        List<Serializable> messageArguments)
        implements Serializable {

    /** The flash attribute (and model attribute on the next page) holding it. */
    public static final String FLASH = "refusedInput";

    public RefusedInput {
        values = Map.copyOf(values);
        messageArguments = List.copyOf(messageArguments);
    }

    /**
     * On the page a refusal went back to: the first kept value of the parameter {@code name}, or
     * {@code null} when the page was not reached from a refusal or did not keep it.
     */
    public static @Nullable String kept(Model model, String name) {
        return model.getAttribute(FLASH) instanceof RefusedInput refused ? refused.value(name) : null;
    }

    /** The first value of the kept parameter {@code name}, or {@code null} when it was not kept. */
    public @Nullable String value(String name) {
        List<String> kept = values.get(name);
        return kept == null || kept.isEmpty() ? null : kept.getFirst();
    }
}
