package dev.feedloop.generation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a judge is asked and how its reply is read (docs/generation.md, "Judge runs"). The judge sees
 * the conversation and the candidates labelled A, B, C… in the order of the unit (sample 1: the
 * candidates' order, sample 2: reversed), and answers a JSON ranking of the labels with ties allowed.
 */
final class Judging {

    /** The default instructions of a judge run; the reply format is always added after them. */
    static final String DEFAULT_PROMPT = """
            You are an impartial judge of answers written by AI assistants. Read the conversation and \
            the candidate answers to its last message. Rank the candidates from best to worst by how \
            well they answer the last message: helpfulness, correctness, completeness, following the \
            instructions, and clarity. Do not let the order in which the candidates are shown, their \
            length or their names influence you. Two candidates of the same quality may share a place.""";

    /** The reply format added to every judge prompt. */
    static final String REPLY_FORMAT = """
            Reply with JSON only, in this form:
            {"ranking": [["B"], ["A", "C"]], "rationale": "one or two sentences"}
            "ranking" lists groups of candidate letters, best group first; letters in one group are tied. \
            Every candidate letter appears exactly once.""";

    static final int MAX_PROMPT = 20_000;
    static final int MAX_RATIONALE = 5_000;

    private static final TypeReference<List<Map<String, Object>>> MESSAGES = new TypeReference<>() {};
    private static final TypeReference<List<Map<String, String>>> CANDIDATES = new TypeReference<>() {};

    private Judging() {}

    /** A candidate as the judge sees it. */
    record Shown(String label, String externalId, String content) {}

    /** The unit's candidates in the order shown: forward for sample 1, reversed for sample 2. */
    static List<Shown> shown(RunUnits.ClaimedUnit unit, JsonMapper json) {
        List<Map<String, String>> candidates =
                unit.candidatesJson() == null ? List.of() : json.readValue(unit.candidatesJson(), CANDIDATES);
        List<Map<String, String>> ordered = new ArrayList<>(candidates);
        if (unit.sample() == 2) {
            java.util.Collections.reverse(ordered);
        }
        List<Shown> shown = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            shown.add(
                    new Shown(label(i), ordered.get(i).get("id"), ordered.get(i).get("content")));
        }
        return shown;
    }

    /** A, B, … Z, then AA, AB, … */
    static String label(int index) {
        return index < 26 ? String.valueOf((char) ('A' + index)) : label(index / 26 - 1) + label(index % 26);
    }

    static String order(int sample) {
        return sample == 2 ? "REVERSED" : "FORWARD";
    }

    /**
     * The judge's request: a system message (the endpoint's system prompt when it has one, the judge
     * prompt and the reply format) and one user message with the conversation and the candidates.
     */
    static List<Message> messages(
            RunUnits.ClaimedUnit unit, EndpointConnection endpoint, List<Shown> shown, JsonMapper json) {
        StringBuilder system = new StringBuilder();
        if (endpoint.systemPrompt() != null && !endpoint.systemPrompt().isBlank()) {
            system.append(endpoint.systemPrompt().strip()).append("\n\n");
        }
        String prompt =
                unit.judgePrompt() == null || unit.judgePrompt().isBlank() ? DEFAULT_PROMPT : unit.judgePrompt();
        system.append(prompt.strip()).append("\n\n").append(REPLY_FORMAT);
        StringBuilder user = new StringBuilder("# Conversation\n");
        for (Map<String, Object> message : json.readValue(unit.messagesJson(), MESSAGES)) {
            user.append("\n[")
                    .append(message.get("role"))
                    .append("]\n")
                    .append(message.get("content"))
                    .append('\n');
        }
        for (Shown candidate : shown) {
            user.append("\n# Candidate ")
                    .append(candidate.label())
                    .append("\n")
                    .append(candidate.content())
                    .append('\n');
        }
        user.append("\nRank the candidates ");
        user.append(String.join(", ", shown.stream().map(Shown::label).toList()));
        user.append(" in the JSON form given.");
        return List.of(new SystemMessage(system.toString()), new UserMessage(user.toString()));
    }

    /** What a reply says. */
    sealed interface Reading {}

    /** A ranking: tiers of candidate external ids, best first. */
    record Ranked(List<List<String>> tiers, @Nullable String rationale) implements Reading {}

    /** Not a ranking of these candidates, and why. */
    record Unreadable(String reason) implements Reading {}

    /**
     * Reads a reply: the JSON object may be wrapped in a code fence or have words around it;
     * {@code ranking} is a list of groups of labels (a bare label is a group of one), in any letter
     * case; every shown candidate must appear exactly once.
     */
    static Reading read(String reply, List<Shown> shown, JsonMapper json) {
        int start = reply.indexOf('{');
        int end = reply.lastIndexOf('}');
        if (start < 0 || end < start) {
            return new Unreadable("no JSON object in the reply");
        }
        JsonNode root;
        try {
            root = json.readTree(reply.substring(start, end + 1));
        } catch (JacksonException e) {
            return new Unreadable("the JSON of the reply cannot be read");
        }
        JsonNode ranking = root.get("ranking");
        if (ranking == null || !ranking.isArray() || ranking.isEmpty()) {
            return new Unreadable("the reply has no \"ranking\" list");
        }
        Map<String, String> byLabel = new HashMap<>();
        shown.forEach(candidate -> byLabel.put(candidate.label(), candidate.externalId()));
        Set<String> seen = new HashSet<>();
        List<List<String>> tiers = new ArrayList<>();
        for (JsonNode group : ranking) {
            List<JsonNode> labels = new ArrayList<>();
            if (group.isArray()) {
                group.forEach(labels::add);
            } else {
                labels.add(group);
            }
            List<String> tier = new ArrayList<>();
            for (JsonNode node : labels) {
                if (!node.isString()) {
                    return new Unreadable("the ranking holds something other than candidate letters");
                }
                String label = node.asString().strip().toUpperCase(Locale.ROOT);
                String id = byLabel.get(label);
                if (id == null) {
                    return new Unreadable("the ranking names an unknown candidate \"" + cut(label, 20) + "\"");
                }
                if (!seen.add(label)) {
                    return new Unreadable("the ranking names candidate " + label + " twice");
                }
                tier.add(id);
            }
            if (!tier.isEmpty()) {
                tiers.add(List.copyOf(tier));
            }
        }
        List<String> missing = shown.stream()
                .map(Shown::label)
                .filter(label -> !seen.contains(label))
                .toList();
        if (!missing.isEmpty()) {
            return new Unreadable("the ranking leaves out " + String.join(", ", missing));
        }
        JsonNode rationale = root.get("rationale");
        return new Ranked(
                List.copyOf(tiers),
                rationale == null
                                || !rationale.isString()
                                || rationale.asString().isBlank()
                        ? null
                        : cut(rationale.asString().strip(), MAX_RATIONALE));
    }

    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
