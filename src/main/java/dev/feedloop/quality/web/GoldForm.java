package dev.feedloop.quality.web;

import dev.feedloop.ingest.GoldAnswer;
import dev.feedloop.problems.Refusal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * The item page's gold answer form: the tiers as text, best first, {@code >} between tiers and
 * {@code =} between tied candidates ({@code b > a = c}), and optionally the expected best candidate.
 */
record GoldForm(String tiers, String best) {

    static final GoldForm EMPTY = new GoldForm("", "");

    /** The form showing a gold answer. */
    static GoldForm of(GoldAnswer gold) {
        if (gold == null) {
            return EMPTY;
        }
        return new GoldForm(text(gold.tiers()), gold.best() == null ? "" : gold.best());
    }

    /** Tiers as the form writes them: {@code b > a = c}. */
    static String text(List<List<String>> tiers) {
        return String.join(" > ", tiers.stream().map(t -> String.join(" = ", t)).toList());
    }

    /**
     * The gold answer typed; 422 naming {@code tiers} when it has an empty tier (such as {@code a >
     * > b}) or no candidate. Which candidates it names is the gold service's to check.
     */
    GoldAnswer answer() {
        if (tiers == null || tiers.isBlank()) {
            throw Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "quality.items.gold.empty")
                    .field("tiers");
        }
        List<List<String>> parsed = new ArrayList<>();
        for (String tier : tiers.split(">", -1)) {
            List<String> ids = new ArrayList<>();
            for (String id : tier.split("=", -1)) {
                if (id.isBlank()) {
                    throw Refusal.of(HttpStatus.UNPROCESSABLE_CONTENT, "quality.items.gold.format")
                            .field("tiers");
                }
                ids.add(id.strip());
            }
            parsed.add(ids);
        }
        return new GoldAnswer(parsed, best == null || best.isBlank() ? null : best.strip());
    }
}
