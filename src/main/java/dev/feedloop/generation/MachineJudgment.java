package dev.feedloop.generation;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A judge's ranking of one item's candidates in one order, kept apart from people's rankings.
 *
 * @param endpointId null when the endpoint was removed since
 * @param model the model the server named in its answer
 * @param order {@code FORWARD} (the candidates in their order, the first labelled A) or {@code
 *     REVERSED}
 * @param shown the candidates' external ids in the order shown, A first
 * @param tiers candidate external ids, best tier first, as people's rankings have them
 */
public record MachineJudgment(
        long id,
        long itemId,
        String itemExternalId,
        @Nullable Long runId,
        @Nullable Long endpointId,
        String endpointName,
        String model,
        String order,
        List<String> shown,
        List<List<String>> tiers,
        @Nullable String rationale,
        String rawReply,
        @Nullable Integer promptTokens,
        @Nullable Integer completionTokens,
        @Nullable Integer latencyMillis,
        Instant createdAt) {

    public static final String FORWARD = "FORWARD";
    public static final String REVERSED = "REVERSED";

    /** Which judge gave it: the endpoint's name and the model that answered. */
    public String judge() {
        return endpointName + " · " + model;
    }
}
