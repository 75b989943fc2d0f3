package dev.feedloop.generation;

import org.jspecify.annotations.Nullable;

/**
 * What a judge run judges.
 *
 * @param endpointId the judge
 * @param prompt the judge's instructions; blank: the project's judge prompt ({@link
 *     AssistSettings#judgePrompt(long)})
 * @param humanRankedOnly only items with at least one human ranking
 */
public record JudgeRunRequest(
        @Nullable Long endpointId, @Nullable String prompt, boolean humanRankedOnly) {}
