package dev.feedloop.ingest;

import java.util.Locale;

/** The file formats an import reads. */
public enum ImportFormat {
    /**
     * JSON Lines, one item per line: {@code {"id","messages"|"prompt","candidates","metadata","priority"}}.
     * A line that is an OpenAssistant tree or a ShareGPT conversation is read as such.
     */
    JSONL,
    /** CSV with a header: {@code id}, {@code prompt}, optional {@code system}, {@code candidate.<id>} columns. */
    CSV,
    /** OpenAssistant tree export: one tree per line. */
    OASST,
    /** ShareGPT conversations, one per line or as one JSON array. */
    SHAREGPT;

    /**
     * The format named by {@code name} ({@code jsonl}, {@code csv}, {@code oasst}, {@code sharegpt};
     * case-insensitive), else the one the file name or content type suggests, else JSON Lines.
     */
    public static ImportFormat detect(String name, String fileName, String contentType) {
        if (name != null && !name.isBlank() && !name.equalsIgnoreCase("auto")) {
            return parse(name);
        }
        String file = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (file.endsWith(".gz")) {
            file = file.substring(0, file.length() - 3);
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (file.endsWith(".csv") || file.endsWith(".tsv") || type.startsWith("text/csv")) {
            return CSV;
        }
        if (file.endsWith(".json")) {
            return SHAREGPT;
        }
        return JSONL;
    }

    /** The format for a name such as {@code csv}; an unknown name is a 400. */
    public static ImportFormat parse(String name) {
        return switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "jsonl", "ndjson", "json-lines", "jsonlines" -> JSONL;
            case "csv" -> CSV;
            case "oasst", "openassistant" -> OASST;
            case "sharegpt" -> SHAREGPT;
            default -> throw IngestRefusals.unknownFormat(name);
        };
    }
}
