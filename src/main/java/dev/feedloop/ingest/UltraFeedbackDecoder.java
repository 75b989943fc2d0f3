package dev.feedloop.ingest;

import dev.feedloop.ingest.ItemRecord.CandidateRecord;
import dev.feedloop.ingest.ItemRecord.PriorRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * UltraFeedback as released: {@code {"source", "instruction", "models", "completions": [{"model",
 * "response", "annotations", "fine-grained_score", "overall_score", ...}], ...}}. The instruction is
 * the prompt; each completion is a candidate with its scores and the ratings of its annotations in
 * the candidate's metadata; the scores (fine-grained, else overall) are prior ratings.
 */
final class UltraFeedbackDecoder implements JsonFormatDecoder {

    private static final Set<String> FIELDS = Set.of("instruction", "completions", "models");

    private final DatasetItems dataset;

    UltraFeedbackDecoder(JsonMapper json) {
        this.dataset = new DatasetItems(json, ImportFormat.ULTRAFEEDBACK);
    }

    @Override
    public void decode(JsonNode node, FieldRules rules, List<ItemRecord> items) {
        String instruction = dataset.requiredText(node.get("instruction"), "instruction", rules);
        JsonNode completions = node.get("completions");
        if (completions == null || completions.isNull()) {
            dataset.required(rules, "completions");
            return;
        }
        if (!completions.isArray()) {
            rules.wrongType("completions", "must be an array", "ingest.problem.wrongType.array", completions);
            return;
        }
        List<CandidateRecord> candidates = new ArrayList<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < completions.size(); i++) {
            JsonNode completion = completions.get(i);
            String at = "completions[" + i + "]";
            if (!completion.isObject()) {
                rules.wrongType(at, "must be an object", "ingest.problem.wrongType.object", completion);
                continue;
            }
            String model = rules.optionalText(completion.get("model"), at + ".model", 200);
            String response = dataset.requiredText(completion.get("response"), at + ".response", rules);
            if (response == null) {
                continue;
            }
            ObjectNode metadata = dataset.object();
            Double score = null;
            for (String name : List.of("fine-grained_score", "overall_score")) {
                JsonNode value = completion.get(name);
                if (value != null && value.isNumber()) {
                    metadata.put(name, value.asDouble());
                    score = score == null ? value.asDouble() : score;
                }
            }
            ObjectNode ratings = ratings(completion.get("annotations"));
            if (!ratings.isEmpty()) {
                metadata.set("ratings", ratings);
            }
            CandidateRecord candidate = dataset.candidate(at, null, model, response, metadata, rules);
            if (candidate != null) {
                candidates.add(candidate);
                if (score != null) {
                    scores.put(candidate.externalId(), score);
                }
            }
        }
        List<PriorRecord> priors = scores.size() >= 2 ? List.of(dataset.ratings(scores)) : List.of();
        if (instruction != null) {
            dataset.add(
                    rules,
                    items,
                    null,
                    DatasetItems.userPrompt(instruction),
                    "instruction",
                    candidates,
                    dataset.otherFields(node, FIELDS),
                    priors,
                    true);
        }
    }

    /** {@code {"helpfulness": {"Rating": "4", ...}, ...}} as {@code {"helpfulness": 4, ...}}. */
    private ObjectNode ratings(JsonNode annotations) {
        ObjectNode ratings = dataset.object();
        if (annotations == null || !annotations.isObject()) {
            return ratings;
        }
        for (var aspect : annotations.properties()) {
            JsonNode rating = aspect.getValue().path("Rating");
            if (rating.isNumber()) {
                ratings.put(aspect.getKey(), rating.asDouble());
            } else if (rating.isString() && rating.asString().matches("\\d+(\\.\\d+)?")) {
                ratings.put(aspect.getKey(), Double.parseDouble(rating.asString()));
            }
        }
        return ratings;
    }
}
