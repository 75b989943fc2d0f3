package dev.feedloop.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A judgment that came inside an imported dataset (not a person's ranking), as the item page and
 * the API show it.
 *
 * @param kind {@code preference}, {@code ratings}, {@code ranking} or {@code label}
 * @param judgment by candidate id: {@code {"chosen", "rejected", ...}}, {@code {"scores": {...}}},
 *     {@code {"tiers": [[...]], ...}} or {@code {"candidate", "label"}}
 * @param sourceFormat the format of the records it came in, such as {@code hh-rlhf}
 * @param importId the import that brought it ({@code null} once that import is gone)
 * @param fileName the name of that import's file ({@code null} for an API body)
 */
public record PriorJudgmentView(
        long id,
        String kind,
        JsonNode judgment,
        String sourceFormat,
        Long importId,
        String fileName,
        Instant createdAt) {

    /** The judgment in candidate ids: {@code a > b}, {@code a > b = c}, {@code a: 5, b: 1.5}, {@code a ✓}. */
    public String notation() {
        return switch (kind) {
            case "preference" ->
                judgment.path("chosen").asString() + " > "
                        + judgment.path("rejected").asString();
            case "ranking" -> {
                List<String> tiers = new ArrayList<>();
                for (JsonNode tier : judgment.path("tiers")) {
                    List<String> ids = new ArrayList<>();
                    tier.forEach(id -> ids.add(id.asString()));
                    tiers.add(String.join(" = ", ids));
                }
                yield String.join(" > ", tiers);
            }
            case "ratings" -> {
                List<String> scores = new ArrayList<>();
                judgment.path("scores")
                        .properties()
                        .forEach(
                                e -> scores.add(e.getKey() + ": " + e.getValue().asString()));
                yield String.join(", ", scores);
            }
            case "label" ->
                judgment.path("candidate").asString() + (judgment.path("label").asBoolean() ? " ✓" : " ✗");
            default -> judgment.toString();
        };
    }
}
