package dev.feedloop.generation.web;

import org.jspecify.annotations.Nullable;

/**
 * The project's judge prompt as the Model help page sends it.
 *
 * @param judgePrompt the instructions of the project's judge runs; blank or the default keeps the
 *     default
 * @param reset {@code true}: back to the default, whatever the text
 */
record JudgePromptForm(
        @Nullable String judgePrompt, @Nullable Boolean reset) {}
