package dev.feedloop.ingest;

import dev.feedloop.ingest.ItemRecord.CandidateRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Feedloop's own item object: {@code {"id", "messages" | "prompt", "candidates"?, "metadata"?,
 * "priority"?, "gold"?}}.
 */
final class FeedloopItemDecoder implements JsonFormatDecoder {

    static final Set<String> ITEM_FIELDS =
            Set.of("id", "messages", "prompt", "candidates", "metadata", "priority", "gold");
    static final Set<String> CANDIDATE_FIELDS = Set.of("id", "model", "content", "metadata");
    static final Set<String> MESSAGE_FIELDS = Set.of("role", "content");
    static final Set<String> ROLES = Set.of("system", "user", "assistant");

    private final JsonMapper json;

    FeedloopItemDecoder(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void decode(JsonNode node, FieldRules rules, List<ItemRecord> items) {
        for (String name : node.propertyNames()) {
            if (!ITEM_FIELDS.contains(name)) {
                rules.error(name, "unknown field (put extra data under \"metadata\")", "ingest.problem.unknownField");
            }
        }
        String id = rules.optionalText(node.get("id"), "id", FieldRules.MAX_ITEM_ID);
        if (node.get("id") == null || node.get("id").isNull()) {
            rules.required("id");
        }
        List<Message> messages;
        JsonNode prompt = node.get("prompt");
        JsonNode messageArray = node.get("messages");
        if (prompt != null && messageArray != null) {
            rules.error(
                    "prompt", "give either \"messages\" or \"prompt\", not both", "ingest.problem.promptAndMessages");
            messages = null;
        } else if (prompt != null) {
            String text = rules.requiredText(prompt, "prompt");
            messages = text == null ? null : List.of(new Message("user", text));
        } else if (messageArray != null) {
            messages = messages(messageArray, "messages", rules);
        } else {
            rules.error(
                    "messages",
                    "is required (or \"prompt\" for a single user message)",
                    "ingest.problem.messagesRequired");
            messages = null;
        }
        List<CandidateRecord> candidates = candidates(node.get("candidates"), "candidates", rules);
        ObjectNode metadata = metadata(node.get("metadata"), "metadata", rules);
        int priority = priority(node.get("priority"), rules);
        GoldAnswer gold = GoldRules.parse(node.get("gold"), GoldRules.FIELD, rules);
        if (!rules.hasErrors()) {
            items.add(new ItemRecord(rules.line(), "", id, messages, metadata, priority, candidates, gold));
        }
    }

    private List<Message> messages(JsonNode array, String field, FieldRules rules) {
        if (!rules.messageArray(array, field)) {
            return null;
        }
        List<Message> messages = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i < array.size(); i++) {
            JsonNode message = array.get(i);
            String at = field + "[" + i + "]";
            if (!rules.messageObject(message, at)) {
                complete = false;
                continue;
            }
            for (String name : message.propertyNames()) {
                if (!MESSAGE_FIELDS.contains(name)) {
                    rules.error(at + "." + name, "unknown field", "ingest.problem.unknownMessageField");
                }
            }
            String role = rules.requiredText(message.get("role"), at + ".role");
            if (role != null && !ROLES.contains(role)) {
                rules.error(
                        at + ".role",
                        "must be system, user or assistant, not \"" + JsonItemDecoder.abbreviate(role) + "\"",
                        "ingest.problem.role",
                        JsonItemDecoder.abbreviate(role));
                role = null;
            }
            String content = rules.requiredText(message.get("content"), at + ".content");
            if (role == null || content == null) {
                complete = false;
                continue;
            }
            messages.add(new Message(role, content));
        }
        if (!complete) {
            return null;
        }
        return ConversationRule.checkOrder(messages, i -> field + "[" + i + "].role", field, rules)
                ? List.copyOf(messages)
                : null;
    }

    private List<CandidateRecord> candidates(JsonNode array, String field, FieldRules rules) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            rules.wrongType(field, "must be an array of candidates", "ingest.problem.wrongType.candidates", array);
            return List.of();
        }
        List<CandidateRecord> candidates = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode candidate = array.get(i);
            String at = field + "[" + i + "]";
            if (!candidate.isObject()) {
                rules.wrongType(
                        at,
                        "must be an object {\"id\", \"model\", \"content\"}",
                        "ingest.problem.wrongType.candidate",
                        candidate);
                continue;
            }
            for (String name : candidate.propertyNames()) {
                if (!CANDIDATE_FIELDS.contains(name)) {
                    rules.error(
                            at + "." + name,
                            "unknown field (put extra data under \"metadata\")",
                            "ingest.problem.unknownField");
                }
            }
            String id = rules.requiredText(candidate.get("id"), at + ".id");
            if (id != null && id.length() > FieldRules.MAX_CANDIDATE_ID) {
                rules.idTooLong(at + ".id", FieldRules.MAX_CANDIDATE_ID);
                id = null;
            }
            if (id != null && !ids.add(id)) {
                rules.error(
                        at + ".id",
                        "duplicate candidate id \"" + JsonItemDecoder.abbreviate(id) + "\" in this item",
                        "ingest.problem.duplicateCandidate",
                        JsonItemDecoder.abbreviate(id));
            }
            String model = rules.optionalText(candidate.get("model"), at + ".model", 200);
            String content = rules.requiredText(candidate.get("content"), at + ".content");
            ObjectNode metadata = metadata(candidate.get("metadata"), at + ".metadata", rules);
            candidates.add(new CandidateRecord(at, id, model, content, metadata));
        }
        return candidates;
    }

    private ObjectNode metadata(JsonNode node, String field, FieldRules rules) {
        if (node == null || node.isNull()) {
            return json.createObjectNode();
        }
        rules.metadata(node, field);
        return node.isObject() ? (ObjectNode) node : json.createObjectNode();
    }

    private static int priority(JsonNode node, FieldRules rules) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            rules.wrongType("priority", "must be a whole number", "ingest.problem.wrongType.wholeNumber", node);
            return 0;
        }
        return node.asInt();
    }
}
