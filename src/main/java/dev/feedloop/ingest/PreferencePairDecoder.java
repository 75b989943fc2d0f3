package dev.feedloop.ingest;

import dev.feedloop.ingest.ItemRecord.CandidateRecord;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Preference pairs: a prompt and two answers, chosen over rejected, which become two candidates
 * and a prior preference.
 *
 * <ul>
 *   <li>TRL, explicit prompt: {@code {"prompt", "chosen", "rejected"}}, the prompt a text or
 *       messages, the answers texts or assistant messages;
 *   <li>TRL, implicit prompt: {@code {"chosen", "rejected"}}, two whole conversations (or two
 *       texts) sharing everything before the answer, which is the prompt;
 *   <li>UltraFeedback binarized: TRL's implicit conversational shape plus {@code prompt_id} (the
 *       item id), {@code score_chosen} and {@code score_rejected} (kept with the preference);
 *   <li>OpenAI DPO: {@code {"input": {"messages"}, "preferred_output", "non_preferred_output"}}.
 * </ul>
 */
final class PreferencePairDecoder implements JsonFormatDecoder {

    private static final Set<String> TRL_FIELDS = Set.of("prompt", "chosen", "rejected");
    private static final Set<String> BINARIZED_FIELDS =
            Set.of("prompt", "prompt_id", "chosen", "rejected", "messages", "score_chosen", "score_rejected");
    private static final Set<String> DPO_FIELDS = Set.of("input", "preferred_output", "non_preferred_output");

    private final ImportFormat format;
    private final DatasetItems dataset;

    PreferencePairDecoder(JsonMapper json, ImportFormat format) {
        this.format = format;
        this.dataset = new DatasetItems(json, format);
    }

    @Override
    public void decode(JsonNode node, FieldRules rules, List<ItemRecord> items) {
        switch (format) {
            case OPENAI_DPO -> openAiDpo(node, rules, items);
            case ULTRAFEEDBACK_BINARIZED -> binarized(node, rules, items);
            default -> trl(node, rules, items);
        }
    }

    private void openAiDpo(JsonNode node, FieldRules rules, List<ItemRecord> items) {
        JsonNode input = node.get("input");
        if (input == null || !input.isObject()) {
            dataset.required(rules, "input.messages");
            return;
        }
        List<Message> prompt = dataset.messages(input.get("messages"), "input.messages", rules);
        String preferred = dataset.reply(node.get("preferred_output"), "preferred_output", rules);
        String rejected = dataset.reply(node.get("non_preferred_output"), "non_preferred_output", rules);
        pair(
                dataset,
                rules,
                items,
                null,
                prompt,
                "input.messages",
                preferred,
                rejected,
                null,
                otherFields(node, DPO_FIELDS));
    }

    private void binarized(JsonNode node, FieldRules rules, List<ItemRecord> items) {
        String id = rules.optionalText(node.get("prompt_id"), "prompt_id", FieldRules.MAX_ITEM_ID);
        ObjectNode scores = dataset.object();
        for (String name : List.of("score_chosen", "score_rejected")) {
            JsonNode score = node.get(name);
            if (score != null && score.isNumber()) {
                scores.put(name, score.asDouble());
            }
        }
        ObjectNode metadata = otherFields(node, BINARIZED_FIELDS);
        if (node.path("chosen").isArray() && node.path("rejected").isArray()) {
            List<Message> chosen = dataset.messages(node.get("chosen"), "chosen", rules);
            List<Message> rejected = dataset.messages(node.get("rejected"), "rejected", rules);
            if (chosen != null && rejected != null) {
                implicitPair(dataset, rules, items, id, chosen, rejected, scores, metadata);
            }
            return;
        }
        String prompt = dataset.requiredText(node.get("prompt"), "prompt", rules);
        String chosen = dataset.reply(node.get("chosen"), "chosen", rules);
        String rejected = dataset.reply(node.get("rejected"), "rejected", rules);
        pair(
                dataset,
                rules,
                items,
                id,
                prompt == null ? null : DatasetItems.userPrompt(prompt),
                "prompt",
                chosen,
                rejected,
                scores,
                metadata);
    }

    private void trl(JsonNode node, FieldRules rules, List<ItemRecord> items) {
        ObjectNode metadata = otherFields(node, TRL_FIELDS);
        JsonNode promptNode = node.get("prompt");
        if (promptNode != null && !promptNode.isNull()) {
            List<Message> prompt = promptNode.isArray()
                    ? dataset.messages(promptNode, "prompt", rules)
                    : textPrompt(rules.requiredText(promptNode, "prompt"));
            String chosen = dataset.reply(node.get("chosen"), "chosen", rules);
            String rejected = dataset.reply(node.get("rejected"), "rejected", rules);
            pair(dataset, rules, items, null, prompt, "prompt", chosen, rejected, null, metadata);
            return;
        }
        JsonNode chosenNode = node.get("chosen");
        JsonNode rejectedNode = node.get("rejected");
        if (chosenNode != null && chosenNode.isArray()) {
            List<Message> chosen = dataset.messages(chosenNode, "chosen", rules);
            List<Message> rejected = dataset.messages(rejectedNode, "rejected", rules);
            if (chosen != null && rejected != null) {
                implicitPair(dataset, rules, items, null, chosen, rejected, null, metadata);
            }
            return;
        }
        String chosen = dataset.requiredText(chosenNode, "chosen", rules);
        String rejected = dataset.requiredText(rejectedNode, "rejected", rules);
        if (chosen == null || rejected == null) {
            return;
        }
        int shared = sharedPrefix(chosen, rejected);
        String prompt = chosen.substring(0, shared).strip();
        if (prompt.isEmpty()) {
            rules.error(
                    "rejected",
                    "has no prompt in common with \"chosen\" (give a \"prompt\" field)",
                    "ingest.problem.noSharedPrompt");
            return;
        }
        pair(
                dataset,
                rules,
                items,
                null,
                DatasetItems.userPrompt(prompt),
                "chosen",
                chosen.substring(shared).strip(),
                rejected.substring(shared).strip(),
                null,
                metadata);
    }

    private static List<Message> textPrompt(String text) {
        return text == null ? null : DatasetItems.userPrompt(text);
    }

    /** The length of the texts' common start, cut back to the last whitespace in it. */
    private static int sharedPrefix(String a, String b) {
        int n = 0;
        int limit = Math.min(a.length(), b.length());
        while (n < limit && a.charAt(n) == b.charAt(n)) {
            n++;
        }
        if (n == a.length() || n == b.length()) {
            return 0;
        }
        while (n > 0 && !Character.isWhitespace(a.charAt(n - 1))) {
            n--;
        }
        return n;
    }

    /**
     * An implicit-prompt pair: both conversations end with the assistant and share every turn before
     * that, which is the prompt.
     */
    static void implicitPair(
            DatasetItems dataset,
            FieldRules rules,
            List<ItemRecord> items,
            String id,
            List<Message> chosen,
            List<Message> rejected,
            ObjectNode extra,
            ObjectNode metadata) {
        Message chosenReply = dataset.lastReply(chosen, "chosen", rules);
        Message rejectedReply = dataset.lastReply(rejected, "rejected", rules);
        if (chosenReply == null || rejectedReply == null) {
            return;
        }
        List<Message> prompt = chosen.subList(0, chosen.size() - 1);
        if (!prompt.equals(rejected.subList(0, rejected.size() - 1))) {
            rules.error(
                    "rejected",
                    "must be the same conversation as \"chosen\" up to the last answer",
                    "ingest.problem.promptsDiffer");
            return;
        }
        pair(
                dataset,
                rules,
                items,
                id,
                prompt,
                "chosen",
                chosenReply.content(),
                rejectedReply.content(),
                extra,
                metadata);
    }

    /** A prompt and two answers, chosen over rejected: two candidates and a prior preference. */
    private static void pair(
            DatasetItems dataset,
            FieldRules rules,
            List<ItemRecord> items,
            String id,
            List<Message> prompt,
            String promptField,
            String chosen,
            String rejected,
            ObjectNode extra,
            ObjectNode metadata) {
        if (prompt == null || chosen == null || rejected == null || rules.hasErrors()) {
            return;
        }
        if (chosen.isBlank() || rejected.isBlank()) {
            rules.empty(chosen.isBlank() ? "chosen" : "rejected");
            return;
        }
        CandidateRecord first = dataset.candidate("chosen", null, null, chosen, dataset.object(), rules);
        CandidateRecord second = dataset.candidate("rejected", null, null, rejected, dataset.object(), rules);
        if (first == null || second == null) {
            return;
        }
        dataset.add(
                rules,
                items,
                id,
                prompt,
                promptField,
                List.of(first, second),
                metadata,
                List.of(dataset.preference(first, second, extra == null || extra.isEmpty() ? null : extra)),
                true);
    }

    private ObjectNode otherFields(JsonNode node, Set<String> known) {
        return dataset.otherFields(node, known);
    }
}
