package dev.feedloop.ingest;

import dev.feedloop.ingest.ItemRecord.CandidateRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A ShareGPT conversation: {@code {"id", "conversations": [{"from", "value"}], "model"?,
 * "system"?, ...}}; a last assistant turn becomes the candidate, other fields become metadata.
 */
final class ShareGptDecoder implements JsonFormatDecoder {

    /** ShareGPT's speaker names and the roles they stand for. */
    static final Map<String, String> SHAREGPT_ROLES = Map.ofEntries(
            Map.entry("system", "system"),
            Map.entry("human", "user"),
            Map.entry("user", "user"),
            Map.entry("gpt", "assistant"),
            Map.entry("assistant", "assistant"),
            Map.entry("chatgpt", "assistant"),
            Map.entry("bard", "assistant"),
            Map.entry("bing", "assistant"),
            Map.entry("model", "assistant"));

    private final JsonMapper json;

    ShareGptDecoder(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void decode(JsonNode node, FieldRules rules, List<ItemRecord> items) {
        String id = rules.requiredText(node.get("id"), "id");
        if (id != null && id.length() > FieldRules.MAX_ITEM_ID) {
            rules.idTooLong("id", FieldRules.MAX_ITEM_ID);
        }
        String model = rules.optionalText(node.get("model"), "model", 200);
        JsonNode turns = node.get("conversations");
        if (turns == null) {
            rules.required("conversations");
            return;
        }
        if (!turns.isArray()) {
            rules.wrongType("conversations", "must be an array", "ingest.problem.wrongType.array", turns);
            return;
        }
        if (turns.isEmpty()) {
            rules.empty("conversations");
            return;
        }
        List<Message> messages = new ArrayList<>();
        JsonNode system = node.get("system");
        if (system != null && !system.isNull()) {
            String text = rules.requiredText(system, "system");
            if (text != null) {
                messages.add(new Message("system", text));
            }
        }
        int offset = messages.size();
        for (int i = 0; i < turns.size(); i++) {
            JsonNode turn = turns.get(i);
            String at = "conversations[" + i + "]";
            if (!turn.isObject()) {
                rules.wrongType(at, "must be an object {\"from\", \"value\"}", "ingest.problem.wrongType.turn", turn);
                continue;
            }
            String from = rules.requiredText(turn.get("from"), at + ".from");
            String role = from == null ? null : SHAREGPT_ROLES.get(from.toLowerCase(Locale.ROOT));
            if (from != null && role == null) {
                rules.error(
                        at + ".from",
                        "must be human, gpt or system, not \"" + JsonItemDecoder.abbreviate(from) + "\"",
                        "ingest.problem.from",
                        JsonItemDecoder.abbreviate(from));
            }
            String value = rules.requiredText(turn.get("value"), at + ".value");
            if (role != null && value != null) {
                messages.add(new Message(role, value));
            }
        }
        if (rules.hasErrors()) {
            return;
        }
        List<CandidateRecord> candidates = List.of();
        if (messages.get(messages.size() - 1).role().equals("assistant")) {
            Message reply = messages.remove(messages.size() - 1);
            String candidateId = model != null && model.length() <= FieldRules.MAX_CANDIDATE_ID ? model : "reply";
            candidates = List.of(new CandidateRecord(
                    "conversations[" + (messages.size() - offset) + "]",
                    candidateId,
                    model,
                    reply.content(),
                    json.createObjectNode()));
        }
        if (!ConversationRule.checkOrder(
                messages,
                i -> i < offset ? "system" : "conversations[" + (i - offset) + "].from",
                "conversations",
                rules)) {
            return;
        }
        ObjectNode metadata = json.createObjectNode();
        for (String name : node.propertyNames()) {
            if (!Set.of("id", "conversations", "model", "system").contains(name)) {
                metadata.set(name, node.get(name));
            }
        }
        metadata.put("source", "sharegpt");
        rules.metadata(metadata, "metadata");
        if (!rules.hasErrors()) {
            items.add(new ItemRecord(rules.line(), "", id, List.copyOf(messages), metadata, 0, candidates));
        }
    }
}
