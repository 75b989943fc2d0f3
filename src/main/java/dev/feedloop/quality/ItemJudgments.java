package dev.feedloop.quality;

import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Every ranking of one item, side by side: the item's candidates with the tier position each ranking
 * gave them, and the rankings themselves, oldest first.
 */
public record ItemJudgments(String externalId, List<Candidate> candidates, List<Ranking> rankings) {

    public ItemJudgments {
        candidates = List.copyOf(candidates);
        rankings = List.copyOf(rankings);
    }

    /**
     * A candidate of the item.
     *
     * @param positions per ranking (in the order of {@link ItemJudgments#rankings()}), the candidate's
     *     tier position (1 = best), or {@code null} when the ranking does not place it ("none
     *     acceptable")
     */
    public record Candidate(String externalId, String model, List<Integer> positions) {

        Candidate(String externalId, String model) {
            this(externalId, model, List.of());
        }
    }

    /**
     * One ranking.
     *
     * @param ratings per candidate, per dimension, the rating given
     * @param flags per candidate, the flags set
     * @param strength for two candidates: 1 slightly, 2 clearly, 3 much better; else null
     */
    public record Ranking(
            long id,
            String annotator,
            List<List<String>> tiers,
            boolean noneAcceptable,
            List<String> displayedOrder,
            JsonNode ratings,
            JsonNode flags,
            Integer strength,
            String rationale,
            Integer guidelineVersion,
            boolean late,
            Integer activeSeconds,
            Instant submittedAt) {}
}
