package dev.feedloop.ingest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The rules of a gold answer, the same for an import line and a REST request: an object {@code
 * {"tiers": [[ids], ...], "best"?: id}} whose ids are all the item's candidates, none twice, at
 * least two in all, with {@code best} in the first tier. Every problem names the field {@code gold}.
 */
final class GoldRules {

    static final String FIELD = "gold";
    private static final Set<String> GOLD_FIELDS = Set.of("tiers", "best");

    private GoldRules() {}

    /**
     * The gold answer of a line's {@code gold} value, its shape checked ({@code null} when absent or
     * malformed, with the problem reported); which candidates it names is checked by {@link #check}.
     */
    static GoldAnswer parse(JsonNode node, String field, FieldRules rules) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || !node.path("tiers").isArray()) {
            rules.error(field, shapeMessage(), "ingest.problem.goldShape");
            return null;
        }
        for (String name : node.propertyNames()) {
            if (!GOLD_FIELDS.contains(name)) {
                rules.error(
                        field,
                        "unknown field \"" + JsonItemDecoder.abbreviate(name) + "\" in the gold answer",
                        "ingest.problem.goldField",
                        JsonItemDecoder.abbreviate(name));
                return null;
            }
        }
        List<List<String>> tiers = new ArrayList<>();
        for (JsonNode tier : node.get("tiers")) {
            if (!tier.isArray() || tier.isEmpty()) {
                rules.error(field, shapeMessage(), "ingest.problem.goldShape");
                return null;
            }
            List<String> ids = new ArrayList<>();
            for (JsonNode id : tier) {
                if (!id.isString() || id.asString().isBlank()) {
                    rules.error(field, shapeMessage(), "ingest.problem.goldShape");
                    return null;
                }
                ids.add(id.asString());
            }
            tiers.add(ids);
        }
        JsonNode best = node.get("best");
        if (best != null && !best.isNull() && !best.isString()) {
            rules.error(field, shapeMessage(), "ingest.problem.goldShape");
            return null;
        }
        return new GoldAnswer(tiers, best == null || best.isNull() ? null : best.asString());
    }

    /** The problems of {@code gold} for an item with these candidates (empty when there are none). */
    static List<ImportError> check(long line, String field, GoldAnswer gold, Collection<String> candidateIds) {
        List<ImportError> errors = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (List<String> tier : gold.tiers()) {
            for (String id : tier) {
                String shown = JsonItemDecoder.abbreviate(id);
                if (!candidateIds.contains(id)) {
                    errors.add(ImportError.of(
                            line,
                            field,
                            "\"" + shown + "\" in the gold answer is not one of this item's candidates",
                            "ingest.problem.goldUnknownCandidate",
                            shown));
                } else if (!seen.add(id)) {
                    errors.add(ImportError.of(
                            line,
                            field,
                            "\"" + shown + "\" is in the gold answer twice",
                            "ingest.problem.goldDuplicate",
                            shown));
                }
            }
        }
        if (errors.isEmpty() && seen.size() < 2) {
            errors.add(ImportError.of(
                    line,
                    field,
                    "the gold answer must rank at least two candidates; it ranks " + seen.size(),
                    "ingest.problem.goldTooFew",
                    seen.size()));
        }
        if (gold.best() != null
                && (gold.tiers().isEmpty() || !gold.tiers().getFirst().contains(gold.best()))) {
            String shown = JsonItemDecoder.abbreviate(gold.best());
            errors.add(ImportError.of(
                    line,
                    field,
                    "the best candidate \"" + shown + "\" must be in the gold answer's first tier",
                    "ingest.problem.goldBest",
                    shown));
        }
        return errors;
    }

    private static String shapeMessage() {
        return "must be an object {\"tiers\": [[candidate ids], ...], \"best\": candidate id}"
                + " with the tiers best first";
    }
}
