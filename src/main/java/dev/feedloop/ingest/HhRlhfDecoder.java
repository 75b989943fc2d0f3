package dev.feedloop.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Anthropic HH-RLHF: {@code {"chosen", "rejected"}}, two transcripts of {@code \n\nHuman: } and
 * {@code \n\nAssistant: } turns that differ in the last assistant reply. The turns before it are
 * the prompt; the two last replies are two candidates, and chosen over rejected is a prior
 * preference.
 */
final class HhRlhfDecoder implements JsonFormatDecoder {

    private static final Pattern SPEAKER = Pattern.compile("(?:^|\\n\\n)(Human|Assistant):[ \\t]?");
    private static final Set<String> FIELDS = Set.of("chosen", "rejected");

    private final DatasetItems dataset;

    HhRlhfDecoder(JsonMapper json) {
        this.dataset = new DatasetItems(json, ImportFormat.HH_RLHF);
    }

    /** Whether {@code text} is a Human/Assistant transcript. */
    static boolean isTranscript(String text) {
        return text.startsWith("\n\nHuman:") || text.startsWith("Human:");
    }

    @Override
    public void decode(JsonNode node, FieldRules rules, List<ItemRecord> items) {
        String chosenText = dataset.requiredText(node.get("chosen"), "chosen", rules);
        String rejectedText = dataset.requiredText(node.get("rejected"), "rejected", rules);
        if (rules.hasErrors()) {
            return;
        }
        List<Message> chosen = transcript(chosenText, "chosen", rules);
        List<Message> rejected = transcript(rejectedText, "rejected", rules);
        if (chosen == null || rejected == null) {
            return;
        }
        PreferencePairDecoder.implicitPair(
                dataset, rules, items, null, chosen, rejected, null, dataset.otherFields(node, FIELDS));
    }

    /** The turns of a transcript; {@code null} after reporting a problem. */
    private List<Message> transcript(String text, String field, FieldRules rules) {
        Matcher speaker = SPEAKER.matcher(text);
        List<Message> turns = new ArrayList<>();
        String role = null;
        int start = 0;
        while (speaker.find()) {
            if (role == null && !text.substring(0, speaker.start()).isBlank()) {
                break;
            }
            if (role != null) {
                if (!addTurn(turns, role, text.substring(start, speaker.start()), field, rules)) {
                    return null;
                }
            }
            role = speaker.group(1).equals("Human") ? "user" : "assistant";
            start = speaker.end();
        }
        if (role == null) {
            rules.error(
                    field,
                    "must be a transcript of \"\\n\\nHuman: \" and \"\\n\\nAssistant: \" turns",
                    "ingest.problem.transcript");
            return null;
        }
        return addTurn(turns, role, text.substring(start), field, rules) ? turns : null;
    }

    private static boolean addTurn(List<Message> turns, String role, String text, String field, FieldRules rules) {
        String content = text.strip();
        if (content.isEmpty()) {
            rules.error(
                    field, "turn " + (turns.size() + 1) + " is empty", "ingest.problem.emptyTurn", turns.size() + 1);
            return false;
        }
        turns.add(new Message(role, content));
        return true;
    }
}
