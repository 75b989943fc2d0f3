package dev.feedloop.ingest;

import dev.feedloop.ingest.ItemRecord.CandidateRecord;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Alpaca and AlpacaEval records: {@code {"instruction", "input"?, "output"?, "generator"?, ...}}.
 * The prompt is the instruction, with a non-empty input after it as a second paragraph; a
 * non-empty output is the candidate ({@code model} = {@code generator}); other fields (such as
 * AlpacaEval's {@code dataset}) go to the item's metadata.
 */
final class AlpacaDecoder implements JsonFormatDecoder {

    private static final Set<String> FIELDS = Set.of("instruction", "input", "output", "generator");

    private final DatasetItems dataset;

    AlpacaDecoder(JsonMapper json) {
        this.dataset = new DatasetItems(json, ImportFormat.ALPACA);
    }

    @Override
    public void decode(JsonNode node, FieldRules rules, List<ItemRecord> items) {
        String instruction = dataset.requiredText(node.get("instruction"), "instruction", rules);
        String input = dataset.optionalBlankText(node.get("input"), "input", rules);
        String output = dataset.optionalBlankText(node.get("output"), "output", rules);
        String generator = rules.optionalText(node.get("generator"), "generator", 200);
        if (rules.hasErrors()) {
            return;
        }
        String prompt = input == null ? instruction : instruction + "\n\n" + input;
        List<CandidateRecord> candidates = output == null
                ? List.of()
                : List.of(dataset.candidate("output", null, generator, output, dataset.object(), rules));
        dataset.add(
                rules,
                items,
                null,
                DatasetItems.userPrompt(prompt),
                "instruction",
                candidates,
                dataset.otherFields(node, FIELDS),
                List.of(),
                true);
    }
}
