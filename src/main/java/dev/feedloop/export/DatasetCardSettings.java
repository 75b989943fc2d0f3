package dev.feedloop.export;

import java.util.List;

/**
 * What a project's dataset cards say beyond the numbers.
 *
 * @param license a Hugging Face license identifier such as {@code cc-by-4.0}, {@code apache-2.0},
 *     {@code other}; {@code unknown} until an administrator sets one
 * @param languages ISO 639 language codes of the prompts and answers, such as {@code en}, {@code ru}
 * @param description markdown placed under the card's title
 */
public record DatasetCardSettings(String license, List<String> languages, String description) {

    public static final DatasetCardSettings UNSET = new DatasetCardSettings("unknown", List.of(), "");

    public DatasetCardSettings {
        languages = languages == null ? List.of() : List.copyOf(languages);
        description = description == null ? "" : description;
    }
}
