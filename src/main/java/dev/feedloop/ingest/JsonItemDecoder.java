package dev.feedloop.ingest;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one JSON value of an import file (a line, or an element of a ShareGPT array) into items:
 * checks that it is an object, tells which format it is in (in JSON Lines by its fields) and hands
 * it to that format's decoder: {@link FeedloopItemDecoder}, {@link ShareGptDecoder} or {@link
 * OpenAssistantDecoder}.
 */
final class JsonItemDecoder {

    private final int maxFieldLength;
    private final JsonFormatDecoder feedloop;
    private final JsonFormatDecoder shareGpt;
    private final JsonFormatDecoder openAssistant;

    JsonItemDecoder(JsonMapper json, int maxFieldLength) {
        this.maxFieldLength = maxFieldLength;
        this.feedloop = new FeedloopItemDecoder(json);
        this.shareGpt = new ShareGptDecoder(json);
        this.openAssistant = new OpenAssistantDecoder(json);
    }

    /** Decodes {@code node} read from {@code line} as {@code format} and hands items or errors to {@code sink}. */
    void decode(JsonNode node, long line, ImportFormat format, ImportSink sink) {
        FieldRules rules = new FieldRules(maxFieldLength, line);
        if (node.isArray()) {
            rules.error(
                    null,
                    "a JSON array where a JSON object is expected: JSON Lines has one item object per line",
                    "ingest.problem.arrayForItem");
            rules.report(sink);
            return;
        }
        if (!node.isObject()) {
            rules.wrongType(null, "must be a JSON object", "ingest.problem.wrongType.object", node);
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
            case SHAREGPT -> shareGpt.decode(node, rules, items);
            case OASST -> openAssistant.decode(node, rules, items);
            default -> feedloop.decode(node, rules, items);
        }
        if (rules.report(sink)) {
            items.forEach(sink::item);
        }
    }

    /** {@code value}, cut after 40 characters, for quoting it in an error message. */
    static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
