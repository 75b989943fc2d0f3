package dev.feedloop.generation;

import java.util.List;
import java.util.Set;

/**
 * A project's model help settings for its admin page.
 *
 * @param mode {@code off}, {@code all} or {@code chosen}
 * @param chosen the endpoints chosen in mode {@code chosen}
 * @param critiquePrompt the prompt in use (the default when the project has none of its own)
 * @param ownPrompt whether the project has its own critique prompt
 * @param judgePrompt the instructions of the project's judge runs (the default when the project has
 *     none of its own)
 * @param ownJudgePrompt whether the project has its own judge prompt
 * @param endpoints every registered endpoint
 */
public record AssistSettingsView(
        long projectId,
        String mode,
        Set<Long> chosen,
        String critiquePrompt,
        boolean ownPrompt,
        String judgePrompt,
        boolean ownJudgePrompt,
        List<EndpointChoice> endpoints) {}
