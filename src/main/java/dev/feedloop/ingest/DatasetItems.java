package dev.feedloop.ingest;

import dev.feedloop.ingest.ItemRecord.CandidateRecord;
import dev.feedloop.ingest.ItemRecord.PriorRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the public dataset formats (Alpaca, HH-RLHF, UltraFeedback, OpenAI, TRL, Feedloop's exports)
 * share: reading role/content messages, making candidates and prior judgments, and turning a prompt
 * with its answers into an item, with ids derived from the content where the record has none
 * ({@link StableIds}).
 */
final class DatasetItems {

    /** Roles the public formats use, and the item role each stands for. */
    private static final Map<String, String> ROLES = Map.of(
            "system", "system",
            "developer", "system",
            "user", "user",
            "human", "user",
            "assistant", "assistant",
            "gpt", "assistant");

    private final JsonMapper json;
    private final ImportFormat format;

    DatasetItems(JsonMapper json, ImportFormat format) {
        this.json = json;
        this.format = format;
    }

    JsonMapper json() {
        return json;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    /** A field this format needs is missing: "is required (the file is read as Alpaca)". */
    void required(FieldRules rules, String field) {
        rules.error(
                field,
                "is required (the file is read as " + format.title() + ")",
                "ingest.problem.requiredIn",
                format.title());
    }

    /** The text at {@code field}; missing, it is reported as required in this format. */
    String requiredText(JsonNode node, String field, FieldRules rules) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            required(rules, field);
            return null;
        }
        return rules.requiredText(node, field);
    }

    /** Text that may be absent, {@code null} or empty (as Alpaca's {@code input} often is): {@code null} then. */
    String optionalBlankText(JsonNode node, String field, FieldRules rules) {
        if (node == null || node.isNull() || (node.isString() && node.asString().isBlank())) {
            return null;
        }
        return rules.requiredText(node, field);
    }

    /**
     * A message list {@code [{"role", "content"}]} as OpenAI, TRL and UltraFeedback write it: roles
     * {@code system} (or {@code developer}), {@code user}, {@code assistant}; content a text or a list
     * of text parts; other fields of a message (such as OpenAI's {@code weight}) are ignored. {@code
     * null} after reporting a problem.
     */
    List<Message> messages(JsonNode array, String field, FieldRules rules) {
        if (array == null || array.isNull()) {
            required(rules, field);
            return null;
        }
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
            String given = rules.requiredText(message.get("role"), at + ".role");
            String role = given == null ? null : ROLES.get(given.toLowerCase(Locale.ROOT));
            if (given != null && role == null) {
                rules.error(
                        at + ".role",
                        "must be system, user or assistant, not \"" + JsonItemDecoder.abbreviate(given) + "\"",
                        "ingest.problem.role",
                        JsonItemDecoder.abbreviate(given));
            }
            String content = content(message.get("content"), at + ".content", rules);
            if (role == null || content == null) {
                complete = false;
                continue;
            }
            messages.add(new Message(role, content));
        }
        return complete ? messages : null;
    }

    /** A message's content: a text, or OpenAI's list of parts {@code [{"type": "text", "text"}]} joined. */
    private String content(JsonNode node, String field, FieldRules rules) {
        if (node != null && node.isArray()) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < node.size(); i++) {
                JsonNode part = node.get(i);
                String at = field + "[" + i + "]";
                if (!part.isObject() || !"text".equals(part.path("type").asString(""))) {
                    rules.error(at, "only text parts (of type \"text\") can be imported", "ingest.problem.textParts");
                    return null;
                }
                String piece = rules.requiredText(part.get("text"), at + ".text");
                if (piece == null) {
                    return null;
                }
                text.append(text.isEmpty() ? "" : "\n\n").append(piece);
            }
            return rules.text(text.toString(), field, rules.maxFieldLength());
        }
        return rules.requiredText(node, field);
    }

    /**
     * An answer given as a text or as a message list whose messages are all the assistant's (TRL's
     * explicit-prompt {@code chosen}, OpenAI's {@code preferred_output}): their texts joined.
     */
    String reply(JsonNode node, String field, FieldRules rules) {
        if (node == null || node.isNull()) {
            required(rules, field);
            return null;
        }
        if (node.isString()) {
            return rules.requiredText(node, field);
        }
        List<Message> messages = messages(node, field, rules);
        if (messages == null) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            if (!messages.get(i).role().equals("assistant")) {
                rules.error(
                        field + "[" + i + "].role",
                        "must be assistant: this is the answer, the conversation goes in the prompt",
                        "ingest.problem.answerNotAssistant");
                return null;
            }
            text.append(text.isEmpty() ? "" : "\n\n").append(messages.get(i).content());
        }
        return text.toString();
    }

    /**
     * A conversation that ends with the assistant's answer, split into the prompt and the answer;
     * {@code null} after reporting that it does not end with one.
     */
    Message lastReply(List<Message> conversation, String field, FieldRules rules) {
        Message last = conversation.getLast();
        if (!last.role().equals("assistant")) {
            rules.error(
                    field + "[" + (conversation.size() - 1) + "].role",
                    "must end with the assistant's answer",
                    "ingest.problem.noAnswer");
            return null;
        }
        return last;
    }

    /**
     * A candidate: its id as given or derived from model and text ({@link StableIds#candidate}),
     * {@code null} after reporting a problem with the model name or id.
     */
    CandidateRecord candidate(
            String field, String id, String model, String content, ObjectNode metadata, FieldRules rules) {
        if (model != null && model.length() > 200) {
            model = model.substring(0, 200);
        }
        String candidateId = id != null ? id : StableIds.candidate(model, content);
        if (candidateId.length() > FieldRules.MAX_CANDIDATE_ID) {
            rules.idTooLong(field, FieldRules.MAX_CANDIDATE_ID);
            return null;
        }
        rules.metadata(metadata, field + ".metadata");
        return new CandidateRecord(field, candidateId, model, content, metadata);
    }

    /** A preference of one candidate over another, with extra fields such as scores. */
    PriorRecord preference(CandidateRecord chosen, CandidateRecord rejected, ObjectNode extra) {
        ObjectNode judgment = object().put("chosen", chosen.externalId()).put("rejected", rejected.externalId());
        if (extra != null) {
            judgment.setAll(extra);
        }
        return new PriorRecord("preference", judgment);
    }

    /** Scores by candidate, such as UltraFeedback's ratings. */
    PriorRecord ratings(Map<String, Double> scores) {
        ObjectNode judgment = object();
        ObjectNode byCandidate = judgment.putObject("scores");
        scores.forEach(byCandidate::put);
        return new PriorRecord("ratings", judgment);
    }

    /**
     * Adds the item: {@code prompt} must follow the conversation rules (ending with the user); {@code
     * id} {@code null} derives it from the prompt. Candidates with the same id (the same answer twice)
     * are kept once.
     */
    void add(
            FieldRules rules,
            List<ItemRecord> items,
            String id,
            List<Message> prompt,
            String promptField,
            List<CandidateRecord> candidates,
            ObjectNode metadata,
            List<PriorRecord> priors,
            boolean repeatable) {
        if (rules.hasErrors() || prompt == null) {
            return;
        }
        if (!ConversationRule.checkOrder(prompt, i -> promptField + "[" + i + "].role", promptField, rules)) {
            return;
        }
        String itemId = id != null ? id : StableIds.item(json, prompt);
        if (itemId.length() > FieldRules.MAX_ITEM_ID) {
            rules.idTooLong("id", FieldRules.MAX_ITEM_ID);
            return;
        }
        Map<String, CandidateRecord> unique = new LinkedHashMap<>();
        for (CandidateRecord candidate : candidates) {
            unique.putIfAbsent(candidate.externalId(), candidate);
        }
        List<PriorRecord> kept = priors.stream()
                .filter(prior -> !prior.kind().equals("preference")
                        || !prior.judgment()
                                .path("chosen")
                                .asString()
                                .equals(prior.judgment().path("rejected").asString()))
                .toList();
        metadata.put("source", format.parameter());
        rules.metadata(metadata, "metadata");
        if (!rules.hasErrors()) {
            items.add(new ItemRecord(
                    rules.line(),
                    "",
                    itemId,
                    List.copyOf(prompt),
                    metadata,
                    0,
                    List.copyOf(unique.values()),
                    null,
                    kept,
                    repeatable || id == null));
        }
    }

    /** The record's fields other than {@code known}, as item metadata. */
    ObjectNode otherFields(JsonNode node, Set<String> known) {
        ObjectNode metadata = object();
        for (String name : node.propertyNames()) {
            if (!known.contains(name)) {
                metadata.set(name, node.get(name));
            }
        }
        return metadata;
    }

    /** A prompt of one user message. */
    static List<Message> userPrompt(String text) {
        return List.of(new Message("user", text));
    }
}
