package dev.feedloop.quality;

import java.util.List;
import java.util.Map;

/**
 * A ranking as the leaderboard reads it.
 *
 * @param tiers best tier first; candidates in one tier are tied
 * @param noneAcceptable marked "none acceptable": gives no battles
 * @param models each candidate's model; a candidate without one gives no battles
 * @param displayedOrder the candidates in the order the annotator saw them (empty when unknown)
 */
public record ArenaRanking(
        List<List<String>> tiers, boolean noneAcceptable, Map<String, String> models, List<String> displayedOrder) {

    public ArenaRanking {
        tiers = Judgment.immutable(tiers);
        models = Map.copyOf(models);
        displayedOrder = List.copyOf(displayedOrder);
    }
}
