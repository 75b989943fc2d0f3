package dev.feedloop.ingest;

import dev.feedloop.ingest.ItemRecord.CandidateRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns one JSON value of an import file (a line, or an element of a ShareGPT array) into items:
 * Feedloop's own item object, a ShareGPT conversation, or an OpenAssistant tree.
 */
final class JsonItemDecoder {

    static final Set<String> ITEM_FIELDS = Set.of("id", "messages", "prompt", "candidates", "metadata", "priority");
    static final Set<String> CANDIDATE_FIELDS = Set.of("id", "model", "content", "metadata");
    static final Set<String> MESSAGE_FIELDS = Set.of("role", "content");
    static final Set<String> ROLES = Set.of("system", "user", "assistant");

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
    private final int maxFieldLength;

    JsonItemDecoder(JsonMapper json, int maxFieldLength) {
        this.json = json;
        this.maxFieldLength = maxFieldLength;
    }

    /** Decodes {@code node} read from {@code line} as {@code format} and hands items or errors to {@code sink}. */
    void decode(JsonNode node, long line, ImportFormat format, ImportSink sink) {
        FieldRules rules = new FieldRules(maxFieldLength, line);
        if (node.isArray()) {
            rules.error(null, "a JSON array where a JSON object is expected: JSON Lines has one item object per line");
            rules.report(sink);
            return;
        }
        if (!node.isObject()) {
            rules.error(null, "must be a JSON object, not " + FieldRules.describe(node));
            rules.report(sink);
            return;
        }
        ImportFormat kind = format;
        if (format == ImportFormat.JSONL) {
            if (node.has("conversations")) {
                kind = ImportFormat.SHAREGPT;
            } else if (node.has("message_tree_id") || node.path("prompt").isObject()) {
                kind = ImportFormat.OASST;
            }
        }
        List<ItemRecord> items = new ArrayList<>();
        switch (kind) {
            case SHAREGPT -> shareGpt(node, rules, items);
            case OASST -> openAssistant(node, rules, items);
            default -> item(node, rules, items);
        }
        if (rules.report(sink)) {
            items.forEach(sink::item);
        }
    }

    // Feedloop's own format.

    private void item(JsonNode node, FieldRules rules, List<ItemRecord> items) {
        for (String name : node.propertyNames()) {
            if (!ITEM_FIELDS.contains(name)) {
                rules.error(name, "unknown field (put extra data under \"metadata\")");
            }
        }
        String id = rules.optionalText(node.get("id"), "id", FieldRules.MAX_ITEM_ID);
        if (node.get("id") == null || node.get("id").isNull()) {
            rules.error("id", "is required");
        }
        List<Message> messages;
        JsonNode prompt = node.get("prompt");
        JsonNode messageArray = node.get("messages");
        if (prompt != null && messageArray != null) {
            rules.error("prompt", "give either \"messages\" or \"prompt\", not both");
            messages = null;
        } else if (prompt != null) {
            String text = rules.requiredText(prompt, "prompt");
            messages = text == null ? null : List.of(new Message("user", text));
        } else if (messageArray != null) {
            messages = messages(messageArray, "messages", rules);
        } else {
            rules.error("messages", "is required (or \"prompt\" for a single user message)");
            messages = null;
        }
        List<CandidateRecord> candidates = candidates(node.get("candidates"), "candidates", rules);
        ObjectNode metadata = metadata(node.get("metadata"), "metadata", rules);
        int priority = priority(node.get("priority"), rules);
        if (!rules.hasErrors()) {
            items.add(new ItemRecord(rules.line(), "", id, messages, metadata, priority, candidates));
        }
    }

    private List<Message> messages(JsonNode array, String field, FieldRules rules) {
        if (!array.isArray()) {
            rules.error(field, "must be an array of messages, not " + FieldRules.describe(array));
            return null;
        }
        if (array.isEmpty()) {
            rules.error(field, "must not be empty");
            return null;
        }
        List<Message> messages = new ArrayList<>();
        boolean complete = true;
        for (int i = 0; i < array.size(); i++) {
            JsonNode message = array.get(i);
            String at = field + "[" + i + "]";
            if (!message.isObject()) {
                rules.error(at, "must be an object {\"role\", \"content\"}, not " + FieldRules.describe(message));
                complete = false;
                continue;
            }
            for (String name : message.propertyNames()) {
                if (!MESSAGE_FIELDS.contains(name)) {
                    rules.error(at + "." + name, "unknown field");
                }
            }
            String role = rules.requiredText(message.get("role"), at + ".role");
            if (role != null && !ROLES.contains(role)) {
                rules.error(at + ".role", "must be system, user or assistant, not \"" + abbreviate(role) + "\"");
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
        return checkOrder(messages, i -> field + "[" + i + "].role", field, rules) ? List.copyOf(messages) : null;
    }

    /**
     * A system message only first; then user and assistant alternate, starting and ending with the
     * user.
     */
    static boolean checkOrder(
            List<Message> messages, java.util.function.IntFunction<String> roleField, String field, FieldRules rules) {
        int start = 0;
        if (!messages.isEmpty() && messages.get(0).role().equals("system")) {
            start = 1;
        }
        if (start == messages.size()) {
            rules.error(field, "needs a user message after the system message");
            return false;
        }
        for (int i = start; i < messages.size(); i++) {
            String expected = (i - start) % 2 == 0 ? "user" : "assistant";
            String role = messages.get(i).role();
            if (role.equals("system")) {
                rules.error(roleField.apply(i), "a system message may only come first");
                return false;
            }
            if (!role.equals(expected)) {
                rules.error(
                        roleField.apply(i),
                        "expected " + (expected.equals("user") ? "a user" : "an assistant")
                                + " message here: user and assistant messages alternate,"
                                + " starting with the user");
                return false;
            }
        }
        if (!messages.get(messages.size() - 1).role().equals("user")) {
            rules.error(roleField.apply(messages.size() - 1), "the last message must be the user's");
            return false;
        }
        return true;
    }

    private List<CandidateRecord> candidates(JsonNode array, String field, FieldRules rules) {
        if (array == null || array.isNull()) {
            return List.of();
        }
        if (!array.isArray()) {
            rules.error(field, "must be an array of candidates, not " + FieldRules.describe(array));
            return List.of();
        }
        List<CandidateRecord> candidates = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode candidate = array.get(i);
            String at = field + "[" + i + "]";
            if (!candidate.isObject()) {
                rules.error(
                        at,
                        "must be an object {\"id\", \"model\", \"content\"}, not " + FieldRules.describe(candidate));
                continue;
            }
            for (String name : candidate.propertyNames()) {
                if (!CANDIDATE_FIELDS.contains(name)) {
                    rules.error(at + "." + name, "unknown field (put extra data under \"metadata\")");
                }
            }
            String id = rules.requiredText(candidate.get("id"), at + ".id");
            if (id != null && id.length() > FieldRules.MAX_CANDIDATE_ID) {
                rules.error(at + ".id", "is longer than " + FieldRules.MAX_CANDIDATE_ID + " characters");
                id = null;
            }
            if (id != null && !ids.add(id)) {
                rules.error(at + ".id", "duplicate candidate id \"" + abbreviate(id) + "\" in this item");
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
            rules.error("priority", "must be a whole number, not " + FieldRules.describe(node));
            return 0;
        }
        return node.asInt();
    }

    // ShareGPT: {"id", "conversations": [{"from", "value"}], "model"?, ...}; other fields become metadata.

    private void shareGpt(JsonNode node, FieldRules rules, List<ItemRecord> items) {
        String id = rules.requiredText(node.get("id"), "id");
        if (id != null && id.length() > FieldRules.MAX_ITEM_ID) {
            rules.error("id", "is longer than " + FieldRules.MAX_ITEM_ID + " characters");
        }
        String model = rules.optionalText(node.get("model"), "model", 200);
        JsonNode turns = node.get("conversations");
        if (turns == null || !turns.isArray()) {
            rules.error(
                    "conversations",
                    turns == null ? "is required" : "must be an array, not " + FieldRules.describe(turns));
            return;
        }
        if (turns.isEmpty()) {
            rules.error("conversations", "must not be empty");
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
                rules.error(at, "must be an object {\"from\", \"value\"}, not " + FieldRules.describe(turn));
                continue;
            }
            String from = rules.requiredText(turn.get("from"), at + ".from");
            String role = from == null ? null : SHAREGPT_ROLES.get(from.toLowerCase(Locale.ROOT));
            if (from != null && role == null) {
                rules.error(at + ".from", "must be human, gpt or system, not \"" + abbreviate(from) + "\"");
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
        if (!checkOrder(
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

    // OpenAssistant trees: every prompter message with an assistant reply is an item.

    private void openAssistant(JsonNode node, FieldRules rules, List<ItemRecord> items) {
        JsonNode root = node.has("prompt") ? node.get("prompt") : node;
        String rootPath = node.has("prompt") ? "prompt" : "";
        if (!root.isObject()) {
            rules.error(rootPath, "must be a message object, not " + FieldRules.describe(root));
            return;
        }
        String treeId = rules.optionalText(node.get("message_tree_id"), "message_tree_id", FieldRules.MAX_ITEM_ID);
        walk(root, rootPath, List.of(), treeId, rules, items);
        if (items.isEmpty() && !rules.hasErrors()) {
            rules.error(rootPath, "the tree has no prompter message with an assistant reply");
        }
    }

    private void walk(
            JsonNode prompter,
            String path,
            List<Message> context,
            String treeId,
            FieldRules rules,
            List<ItemRecord> items) {
        if (prompter.path("deleted").asBoolean(false)) {
            return;
        }
        String role = rules.requiredText(prompter.get("role"), field(path, "role"));
        if (role != null && !role.equals("prompter")) {
            rules.error(field(path, "role"), "expected a prompter message here, not \"" + abbreviate(role) + "\"");
            return;
        }
        String id = rules.requiredText(prompter.get("message_id"), field(path, "message_id"));
        String text = rules.requiredText(prompter.get("text"), field(path, "text"));
        if (role == null || id == null || text == null) {
            return;
        }
        List<Message> messages = new ArrayList<>(context);
        messages.add(new Message("user", text));
        JsonNode replies = prompter.path("replies");
        if (!replies.isMissingNode() && !replies.isArray()) {
            rules.error(field(path, "replies"), "must be an array, not " + FieldRules.describe(replies));
            return;
        }
        List<CandidateRecord> candidates = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            JsonNode reply = replies.get(i);
            String at = field(path, "replies[" + i + "]");
            if (!reply.isObject()) {
                rules.error(at, "must be a message object, not " + FieldRules.describe(reply));
                continue;
            }
            if (reply.path("deleted").asBoolean(false)) {
                continue;
            }
            String replyRole = rules.requiredText(reply.get("role"), at + ".role");
            if (replyRole != null && !replyRole.equals("assistant")) {
                rules.error(at + ".role", "expected an assistant reply here, not \"" + abbreviate(replyRole) + "\"");
                continue;
            }
            String replyId = rules.requiredText(reply.get("message_id"), at + ".message_id");
            String replyText = rules.requiredText(reply.get("text"), at + ".text");
            String model = rules.optionalText(reply.get("model_name"), at + ".model_name", 200);
            if (replyRole == null || replyId == null || replyText == null) {
                continue;
            }
            ObjectNode metadata = json.createObjectNode();
            for (String name : List.of("rank", "synthetic", "lang", "review_result", "emojis", "labels")) {
                JsonNode value = reply.get(name);
                if (value != null && !value.isNull()) {
                    metadata.set(name, value);
                }
            }
            rules.metadata(metadata, at);
            candidates.add(new CandidateRecord(at, replyId, model, replyText, metadata));
            List<Message> next = new ArrayList<>(messages);
            next.add(new Message("assistant", replyText));
            JsonNode followUps = reply.path("replies");
            for (int j = 0; j < followUps.size(); j++) {
                walk(followUps.get(j), at + ".replies[" + j + "]", next, treeId, rules, items);
            }
        }
        if (!candidates.isEmpty()) {
            ObjectNode metadata = json.createObjectNode();
            metadata.put("source", "oasst");
            if (treeId != null) {
                metadata.put("message_tree_id", treeId);
            }
            JsonNode lang = prompter.get("lang");
            if (lang != null && lang.isString()) {
                metadata.set("lang", lang);
            }
            if (id.length() > FieldRules.MAX_ITEM_ID) {
                rules.error(field(path, "message_id"), "is longer than " + FieldRules.MAX_ITEM_ID + " characters");
                return;
            }
            items.add(new ItemRecord(rules.line(), path, id, List.copyOf(messages), metadata, 0, candidates));
        }
    }

    private static String field(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
