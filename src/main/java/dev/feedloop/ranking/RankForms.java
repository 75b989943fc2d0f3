package dev.feedloop.ranking;

import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.workqueue.RankSubmission;
import dev.feedloop.workqueue.Submission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.util.MultiValueMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the ranking widget's form (the rank page's, and any page that reuses its fragments and
 * script). The form names candidates by their position on the page ({@code candidate} lists the
 * ids in that order): {@code tiers} is JSON like {@code [[0],[1,2]]}, ratings are {@code
 * rating-<candidate>-<dimension>} and flags {@code flag-<candidate>}; the text field named {@code
 * textField} is the rationale.
 */
public final class RankForms {

    private RankForms() {}

    public static RankSubmission read(
            MultiValueMap<String, String> form, ProjectSettings project, JsonMapper json, String textField) {
        List<String> order = form.getOrDefault("candidate", List.of());
        UUID leaseToken = Submission.leaseToken(form.getFirst("leaseToken"));
        String active = form.getFirst("activeSeconds");
        Integer activeSeconds = active != null && active.matches("\\d{1,9}") ? Integer.parseInt(active) : null;
        boolean none = "true".equals(form.getFirst("noneAcceptable"));
        List<List<String>> tiers = new ArrayList<>();
        if (!none) {
            for (JsonNode tier : positions(json, form.getFirst("tiers"))) {
                List<String> ids = new ArrayList<>();
                for (JsonNode position : tier) {
                    ids.add(candidate(order, position.asInt(-1)));
                }
                tiers.add(ids);
            }
        }
        Map<String, Map<String, Integer>> ratings = new LinkedHashMap<>();
        Map<String, List<String>> flags = new LinkedHashMap<>();
        for (int c = 0; c < order.size(); c++) {
            for (int d = 0; d < project.ratingDimensions().size(); d++) {
                String value = form.getFirst("rating-" + c + "-" + d);
                if (value != null && value.matches("-?\\d{1,6}")) {
                    ratings.computeIfAbsent(order.get(c), k -> new LinkedHashMap<>())
                            .put(project.ratingDimensions().get(d).name(), Integer.parseInt(value));
                }
            }
            List<String> checked = form.get("flag-" + c);
            if (checked != null && !checked.isEmpty()) {
                flags.put(order.get(c), List.copyOf(checked));
            }
        }
        String strength = form.getFirst("strength");
        Integer strengthValue =
                !none && strength != null && strength.matches("[1-3]") ? Integer.parseInt(strength) : null;
        String rationale = form.getFirst(textField);
        return new RankSubmission(
                leaseToken,
                activeSeconds,
                tiers,
                none,
                ratings,
                flags,
                strengthValue,
                rationale == null || rationale.isBlank() ? null : rationale,
                Set.of());
    }

    private static JsonNode positions(JsonMapper json, String tiers) {
        try {
            JsonNode node = json.readTree(tiers == null ? "[]" : tiers);
            return node.isArray() ? node : json.createArrayNode();
        } catch (tools.jackson.core.JacksonException e) {
            return json.createArrayNode();
        }
    }

    private static String candidate(List<String> order, int position) {
        return position >= 0 && position < order.size() ? order.get(position) : "#" + position;
    }
}
