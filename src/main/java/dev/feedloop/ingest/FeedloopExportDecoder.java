package dev.feedloop.ingest;

import dev.feedloop.ingest.ItemRecord.CandidateRecord;
import dev.feedloop.ingest.ItemRecord.PriorRecord;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lines of Feedloop's own exports (docs/export.md), read back into items: the item id is {@code
 * metadata.external_id}, candidate ids come from {@code metadata.chosen_id}, {@code rejected_id},
 * {@code candidate_id} or the {@code rankings} line's candidates (a demonstration of an SFT export
 * gets an id derived from its text). Pairs, KTO labels and rankings are prior judgments. Exports
 * have one line per pair or per candidate, so an item may come on several lines.
 */
final class FeedloopExportDecoder implements JsonFormatDecoder {

    private final DatasetItems dataset;

    FeedloopExportDecoder(JsonMapper json) {
        this.dataset = new DatasetItems(json, ImportFormat.FEEDLOOP_EXPORT);
    }

    /** Whether {@code node} is a line of a Feedloop export: its metadata names the item. */
    static boolean isExportLine(JsonNode node) {
        JsonNode metadata = node.path("metadata");
        return metadata.isObject() && metadata.path("external_id").isString() && metadata.has("item_id");
    }

    @Override
    public void decode(JsonNode node, FieldRules rules, List<ItemRecord> items) {
        JsonNode meta = node.path("metadata");
        String id = rules.optionalText(meta.get("external_id"), "metadata.external_id", FieldRules.MAX_ITEM_ID);
        if (id == null && !rules.hasErrors()) {
            dataset.required(rules, "metadata.external_id");
        }
        ObjectNode metadata = dataset.object();
        if (node.has("candidates") && node.has("rankings")) {
            rankings(node, id, metadata, rules, items);
        } else if (node.has("chosen") || node.has("preferred_output")) {
            pair(node, id, metadata, rules, items);
        } else if (node.has("messages")) {
            List<Message> messages = dataset.messages(node.get("messages"), "messages", rules);
            if (messages != null) {
                Message reply = dataset.lastReply(messages, "messages", rules);
                if (reply != null) {
                    completion(
                            id,
                            messages.subList(0, messages.size() - 1),
                            "messages",
                            null,
                            reply.content(),
                            metadata,
                            List.of(),
                            rules,
                            items);
                }
            }
        } else {
            List<Message> prompt = dataset.messages(node.get("prompt"), "prompt", rules);
            String answer = dataset.reply(node.get("completion"), "completion", rules);
            if (prompt == null || answer == null) {
                return;
            }
            JsonNode label = node.get("label");
            if (label != null && label.isBoolean()) {
                String candidateId = rules.optionalText(
                        meta.get("candidate_id"), "metadata.candidate_id", FieldRules.MAX_CANDIDATE_ID);
                ObjectNode judgment = dataset.object().put("label", label.asBoolean());
                completion(id, prompt, "prompt", candidateId, answer, metadata, List.of(judgment), rules, items);
            } else {
                completion(id, prompt, "prompt", null, answer, metadata, List.of(), rules, items);
            }
        }
    }

    /** An SFT line (a demonstration) or a KTO line (a candidate with its label). */
    private void completion(
            String id,
            List<Message> prompt,
            String promptField,
            String candidateId,
            String content,
            ObjectNode metadata,
            List<ObjectNode> labels,
            FieldRules rules,
            List<ItemRecord> items) {
        CandidateRecord candidate =
                dataset.candidate("completion", candidateId, null, content, dataset.object(), rules);
        if (candidate == null) {
            return;
        }
        List<PriorRecord> priors = new ArrayList<>();
        for (ObjectNode label : labels) {
            priors.add(new PriorRecord("label", label.put("candidate", candidate.externalId())));
        }
        dataset.add(rules, items, id, prompt, promptField, List.of(candidate), metadata, priors, true);
    }

    private void pair(JsonNode node, String id, ObjectNode metadata, FieldRules rules, List<ItemRecord> items) {
        JsonNode meta = node.path("metadata");
        boolean dpo = node.has("preferred_output");
        List<Message> prompt = dpo
                ? dataset.messages(node.path("input").get("messages"), "input.messages", rules)
                : dataset.messages(node.get("prompt"), "prompt", rules);
        String chosen = dataset.reply(
                node.get(dpo ? "preferred_output" : "chosen"), dpo ? "preferred_output" : "chosen", rules);
        String rejected = dataset.reply(
                node.get(dpo ? "non_preferred_output" : "rejected"), dpo ? "non_preferred_output" : "rejected", rules);
        String chosenId = rules.optionalText(meta.get("chosen_id"), "metadata.chosen_id", FieldRules.MAX_CANDIDATE_ID);
        String rejectedId =
                rules.optionalText(meta.get("rejected_id"), "metadata.rejected_id", FieldRules.MAX_CANDIDATE_ID);
        if (prompt == null || chosen == null || rejected == null || rules.hasErrors()) {
            return;
        }
        CandidateRecord first = dataset.candidate("chosen", chosenId, null, chosen, dataset.object(), rules);
        CandidateRecord second = dataset.candidate("rejected", rejectedId, null, rejected, dataset.object(), rules);
        if (first == null || second == null) {
            return;
        }
        ObjectNode extra = dataset.object();
        for (String name : List.of("margin", "agreement", "votes", "annotator_count")) {
            JsonNode value = name.equals("margin") && node.has("margin") ? node.get("margin") : meta.get(name);
            if (value != null && value.isNumber()) {
                extra.set(name, value);
            }
        }
        if (meta.path("annotators").isArray()) {
            extra.set("annotators", meta.get("annotators"));
        }
        dataset.add(
                rules,
                items,
                id,
                prompt,
                dpo ? "input.messages" : "prompt",
                List.of(first, second),
                metadata,
                List.of(dataset.preference(first, second, extra.isEmpty() ? null : extra)),
                true);
    }

    private void rankings(JsonNode node, String id, ObjectNode metadata, FieldRules rules, List<ItemRecord> items) {
        List<Message> prompt = dataset.messages(node.get("prompt"), "prompt", rules);
        JsonNode array = node.get("candidates");
        List<CandidateRecord> candidates = new ArrayList<>();
        if (!array.isArray()) {
            rules.wrongType(
                    "candidates", "must be an array of candidates", "ingest.problem.wrongType.candidates", array);
            return;
        }
        for (int i = 0; i < array.size(); i++) {
            JsonNode candidate = array.get(i);
            String at = "candidates[" + i + "]";
            String candidateId = rules.requiredText(candidate.get("id"), at + ".id");
            String model = rules.optionalText(candidate.get("model"), at + ".model", 200);
            String content = rules.requiredText(candidate.get("content"), at + ".content");
            if (candidateId != null && content != null) {
                CandidateRecord record = dataset.candidate(at, candidateId, model, content, dataset.object(), rules);
                if (record != null) {
                    candidates.add(record);
                }
            }
        }
        List<PriorRecord> priors = new ArrayList<>();
        JsonNode rankings = node.get("rankings");
        if (rankings != null && rankings.isArray()) {
            for (JsonNode ranking : rankings) {
                if (!ranking.path("tiers").isArray()
                        || ranking.path("none_acceptable").asBoolean(false)) {
                    continue;
                }
                ObjectNode judgment = dataset.object();
                judgment.set("tiers", ranking.get("tiers"));
                for (String name : List.of("annotator", "judgment_id", "judge", "model")) {
                    if (ranking.has(name)) {
                        judgment.set(name, ranking.get(name));
                    }
                }
                priors.add(new PriorRecord("ranking", judgment));
            }
        }
        dataset.add(rules, items, id, prompt, "prompt", candidates, metadata, priors, true);
    }
}
