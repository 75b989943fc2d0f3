package dev.feedloop.ingest;

import java.util.List;
import tools.jackson.databind.JsonNode;

/** Decodes one JSON object of one import format into items, reporting problems to the rules. */
interface JsonFormatDecoder {

    /** Adds the items of {@code node} to {@code items}, or errors to {@code rules}. */
    void decode(JsonNode node, FieldRules rules, List<ItemRecord> items);
}
