package dev.feedloop.generation;

import jakarta.validation.constraints.Size;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The model help settings of a project as the page sends them.
 *
 * @param mode {@code off} (no model help), {@code all} (every registered endpoint) or {@code
 *     chosen} (the endpoints in {@code endpointIds})
 * @param critiquePrompt what a critique looks for; blank or the default keeps the default
 */
public record AssistSettingsForm(
        @Nullable String mode,
        @Nullable List<Long> endpointIds,

        @Nullable @Size(max = 20_000, message = "{assist.settings.error.promptLength}")
        String critiquePrompt) {}
