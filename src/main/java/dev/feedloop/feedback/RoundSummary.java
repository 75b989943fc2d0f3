package dev.feedloop.feedback;

import dev.feedloop.projects.Round;

/**
 * One round of the loop in numbers (docs/loop.md, "Rounds").
 *
 * @param failures feedback that is a failure, received in the round's window
 * @param fixed fix demonstrations (writers' answers to fix tasks) submitted in the window
 * @param approved fixes approved (or edited and approved) by a reviewer in the window
 * @param notAFailure fix tasks a writer closed as "not a real failure" in the window
 * @param regression how the round's model version did on the previous round's regression prompts;
 *     {@code null} for the first round
 */
public record RoundSummary(
        Round round, long failures, long fixed, long approved, long notAFailure, Regression regression) {

    /**
     * The round's model version on the previous round's fixed failures: their items ({@code
     * fb-<traceId>}), the candidates of that model on them, and its pairwise results in people's
     * rankings of those items against every other candidate (the bad reply included).
     *
     * @param previousRound the name of the round whose failures are the prompts
     * @param prompts items of the previous round's failures that have a fix
     * @param candidates candidates whose model is the round's model version, on those items
     * @param winShare {@code wins / (wins + losses + ties)}; {@code null} without any pair
     */
    public record Regression(
            String previousRound,
            long prompts,
            long candidates,
            long rankings,
            long wins,
            long losses,
            long ties,
            Double winShare) {}
}
