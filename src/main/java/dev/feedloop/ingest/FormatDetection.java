package dev.feedloop.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Tells the format of a JSON record by its fields, and for a record in none of them, which format
 * it resembles and what it lacks.
 */
final class FormatDetection {

    /** The fields that mark each format, the required ones first (what a record lacks is named from them). */
    private static final Map<ImportFormat, List<String>> SIGNATURES = signatures();

    /** How many of each format's first fields are required. */
    private static final Map<ImportFormat, Integer> REQUIRED = Map.of(
            ImportFormat.ALPACA, 1,
            ImportFormat.HH_RLHF, 2,
            ImportFormat.ULTRAFEEDBACK, 2,
            ImportFormat.ULTRAFEEDBACK_BINARIZED, 3,
            ImportFormat.OPENAI_DPO, 3,
            ImportFormat.TRL, 2,
            ImportFormat.SHAREGPT, 1,
            ImportFormat.OPENAI_CHAT, 1);

    private FormatDetection() {}

    private static Map<ImportFormat, List<String>> signatures() {
        Map<ImportFormat, List<String>> signatures = new LinkedHashMap<>();
        signatures.put(ImportFormat.ALPACA, List.of("instruction", "output", "input", "generator"));
        signatures.put(ImportFormat.ULTRAFEEDBACK, List.of("instruction", "completions", "models", "correct_answers"));
        signatures.put(ImportFormat.HH_RLHF, List.of("chosen", "rejected"));
        signatures.put(ImportFormat.TRL, List.of("chosen", "rejected", "prompt"));
        signatures.put(
                ImportFormat.ULTRAFEEDBACK_BINARIZED,
                List.of("chosen", "rejected", "prompt", "prompt_id", "score_chosen", "score_rejected"));
        signatures.put(ImportFormat.OPENAI_DPO, List.of("input", "preferred_output", "non_preferred_output"));
        signatures.put(ImportFormat.SHAREGPT, List.of("conversations", "id"));
        signatures.put(ImportFormat.OPENAI_CHAT, List.of("messages"));
        return signatures;
    }

    /**
     * The format of {@code node}, a JSON object: one of the dataset formats when its fields say so,
     * else {@link ImportFormat#JSONL} (Feedloop's item).
     */
    static ImportFormat detect(JsonNode node) {
        if (node.has("conversations")) {
            return ImportFormat.SHAREGPT;
        }
        if (node.has("message_tree_id") || node.path("prompt").isObject()) {
            return ImportFormat.OASST;
        }
        if (FeedloopExportDecoder.isExportLine(node)) {
            return ImportFormat.FEEDLOOP_EXPORT;
        }
        if (node.path("input").isObject() && node.has("preferred_output")) {
            return ImportFormat.OPENAI_DPO;
        }
        if (node.has("instruction")) {
            return node.has("completions") ? ImportFormat.ULTRAFEEDBACK : ImportFormat.ALPACA;
        }
        if (node.has("chosen") && node.has("rejected")) {
            if (node.has("prompt_id") || node.has("score_chosen")) {
                return ImportFormat.ULTRAFEEDBACK_BINARIZED;
            }
            if (!node.has("prompt")
                    && node.path("chosen").isString()
                    && HhRlhfDecoder.isTranscript(node.path("chosen").asString())) {
                return ImportFormat.HH_RLHF;
            }
            return ImportFormat.TRL;
        }
        if (!node.has("id") && !node.has("candidates") && node.path("messages").isArray()) {
            return ImportFormat.OPENAI_CHAT;
        }
        return ImportFormat.JSONL;
    }

    /**
     * For a record read as a Feedloop item that has no {@code id} and shares more fields with
     * another format than with Feedloop's item: that format and the required fields it lacks.
     */
    static Resemblance resemblance(JsonNode node) {
        if (node.has("id")) {
            return null;
        }
        Set<String> fields = new java.util.HashSet<>(node.propertyNames());
        long own = fields.stream()
                .filter(FeedloopItemDecoder.ITEM_FIELDS::contains)
                .count();
        ImportFormat best = null;
        long bestScore = own;
        for (var signature : SIGNATURES.entrySet()) {
            long score = signature.getValue().stream().filter(fields::contains).count();
            if (score > bestScore) {
                best = signature.getKey();
                bestScore = score;
            }
        }
        if (best == null) {
            return null;
        }
        List<String> missing = new ArrayList<>();
        for (String field : SIGNATURES.get(best).subList(0, REQUIRED.get(best))) {
            if (!fields.contains(field)) {
                missing.add(field);
            }
        }
        return missing.isEmpty() ? null : new Resemblance(best, missing);
    }

    /** A format a record resembles, and the required fields it lacks. */
    record Resemblance(ImportFormat format, List<String> missing) {}
}
