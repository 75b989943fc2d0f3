package dev.feedloop.ingest;

import dev.feedloop.ingest.ItemRecord.CandidateRecord;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An OpenAssistant message tree: every prompter message with an assistant reply is an item, its
 * replies the candidates, the conversation above it the context.
 */
final class OpenAssistantDecoder implements JsonFormatDecoder {

    private final JsonMapper json;

    OpenAssistantDecoder(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void decode(JsonNode node, FieldRules rules, List<ItemRecord> items) {
        JsonNode root = node.has("prompt") ? node.get("prompt") : node;
        String rootPath = node.has("prompt") ? "prompt" : "";
        if (!root.isObject()) {
            rules.wrongType(rootPath, "must be a message object", "ingest.problem.wrongType.treeMessage", root);
            return;
        }
        String treeId = rules.optionalText(node.get("message_tree_id"), "message_tree_id", FieldRules.MAX_ITEM_ID);
        walk(root, rootPath, List.of(), treeId, rules, items);
        if (items.isEmpty() && !rules.hasErrors()) {
            rules.error(rootPath, "the tree has no prompter message with an assistant reply", "ingest.problem.noReply");
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
            rules.error(
                    field(path, "role"),
                    "expected a prompter message here, not \"" + JsonItemDecoder.abbreviate(role) + "\"",
                    "ingest.problem.expectedPrompter",
                    JsonItemDecoder.abbreviate(role));
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
            rules.wrongType(field(path, "replies"), "must be an array", "ingest.problem.wrongType.array", replies);
            return;
        }
        List<CandidateRecord> candidates = new ArrayList<>();
        for (int i = 0; i < replies.size(); i++) {
            JsonNode reply = replies.get(i);
            String at = field(path, "replies[" + i + "]");
            if (!reply.isObject()) {
                rules.wrongType(at, "must be a message object", "ingest.problem.wrongType.treeMessage", reply);
                continue;
            }
            if (reply.path("deleted").asBoolean(false)) {
                continue;
            }
            String replyRole = rules.requiredText(reply.get("role"), at + ".role");
            if (replyRole != null && !replyRole.equals("assistant")) {
                rules.error(
                        at + ".role",
                        "expected an assistant reply here, not \"" + JsonItemDecoder.abbreviate(replyRole) + "\"",
                        "ingest.problem.expectedReply",
                        JsonItemDecoder.abbreviate(replyRole));
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
                rules.idTooLong(field(path, "message_id"), FieldRules.MAX_ITEM_ID);
                return;
            }
            items.add(new ItemRecord(rules.line(), path, id, List.copyOf(messages), metadata, 0, candidates));
        }
    }

    private static String field(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
