package dev.feedloop.ingest;

import java.util.Locale;

/** What an import does with the judgments a file already holds (HH-RLHF's chosen over rejected, ratings, rankings). */
public enum PriorsMode {
    /** Leaves them out (the default). */
    IGNORE,
    /** Stores them as prior judgments of the item, marked with the import and format they came from. */
    IMPORT,
    /** Makes them the item's gold answer (see docs/import.md, "Gold answers"). */
    GOLD;

    /** The mode for {@code ignore}, {@code import} or {@code gold} ({@code null} or blank: ignore); another name is a 400. */
    public static PriorsMode parse(String name) {
        if (name == null || name.isBlank()) {
            return IGNORE;
        }
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "ignore" -> IGNORE;
            case "import" -> IMPORT;
            case "gold" -> GOLD;
            default -> throw IngestRefusals.unknownPriors(name);
        };
    }
}
