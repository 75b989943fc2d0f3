package dev.feedloop.ingest;

import dev.feedloop.ingest.ItemRecord.CandidateRecord;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * OpenAI chat fine-tuning records: {@code {"messages": [...]}}. When the conversation ends with the
 * assistant, that reply becomes the item's candidate ({@code model} from a top-level {@code model}
 * when there is one) and the messages before it the prompt, as for ShareGPT. Other top-level
 * fields (such as {@code tools}) go to the item's metadata; an {@code id} text is the item's id.
 */
final class OpenAiChatDecoder implements JsonFormatDecoder {

    private static final Set<String> FIELDS = Set.of("id", "messages", "model");

    private final DatasetItems dataset;

    OpenAiChatDecoder(JsonMapper json) {
        this.dataset = new DatasetItems(json, ImportFormat.OPENAI_CHAT);
    }

    @Override
    public void decode(JsonNode node, FieldRules rules, List<ItemRecord> items) {
        String id = rules.optionalText(node.get("id"), "id", FieldRules.MAX_ITEM_ID);
        String model = rules.optionalText(node.get("model"), "model", 200);
        List<Message> messages = dataset.messages(node.get("messages"), "messages", rules);
        if (messages == null) {
            return;
        }
        List<CandidateRecord> candidates = List.of();
        List<Message> prompt = messages;
        if (messages.getLast().role().equals("assistant")) {
            prompt = messages.subList(0, messages.size() - 1);
            CandidateRecord reply = dataset.candidate(
                    "messages[" + (messages.size() - 1) + "]",
                    null,
                    model,
                    messages.getLast().content(),
                    dataset.object(),
                    rules);
            candidates = reply == null ? List.of() : List.of(reply);
        }
        dataset.add(
                rules,
                items,
                id,
                prompt,
                "messages",
                candidates,
                dataset.otherFields(node, FIELDS),
                List.of(),
                id == null);
    }
}
