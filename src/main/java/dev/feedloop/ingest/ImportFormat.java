package dev.feedloop.ingest;

import java.util.Locale;

/**
 * The file formats an import reads. Every format but CSV is read as JSON Lines or as one JSON array
 * of records.
 */
public enum ImportFormat {
    /**
     * JSON Lines, one item per line: {@code {"id","messages"|"prompt","candidates","metadata","priority"}}.
     * Read this way ("detect"), a file whose first record is in another format listed here is read in
     * that format; a line that is an OpenAssistant tree or a ShareGPT conversation is read as such.
     */
    JSONL("jsonl", "JSON Lines"),
    /** CSV with a header: {@code id}, {@code prompt}, optional {@code system}, {@code candidate.<id>} columns. */
    CSV("csv", "CSV"),
    /** OpenAssistant tree export: one tree per line. */
    OASST("oasst", "OpenAssistant"),
    /** ShareGPT conversations, one per line or as one JSON array. */
    SHAREGPT("sharegpt", "ShareGPT"),
    /** Alpaca and AlpacaEval: {@code instruction}, {@code input}, {@code output}, {@code generator}. */
    ALPACA("alpaca", "Alpaca"),
    /** Anthropic HH-RLHF: {@code chosen} and {@code rejected} transcripts with Human/Assistant turns. */
    HH_RLHF("hh-rlhf", "HH-RLHF"),
    /** UltraFeedback as released: {@code instruction} and rated {@code completions}. */
    ULTRAFEEDBACK("ultrafeedback", "UltraFeedback"),
    /** UltraFeedback binarized: {@code prompt}, {@code chosen}/{@code rejected} messages and scores. */
    ULTRAFEEDBACK_BINARIZED("ultrafeedback-binarized", "UltraFeedback binarized"),
    /** OpenAI chat fine-tuning: {@code messages}, the last one the assistant's reply. */
    OPENAI_CHAT("openai-chat", "OpenAI chat"),
    /** OpenAI preference fine-tuning: {@code input.messages}, {@code preferred_output}, {@code non_preferred_output}. */
    OPENAI_DPO("openai-dpo", "OpenAI DPO"),
    /** TRL preference data: {@code chosen}/{@code rejected} with an explicit or implicit {@code prompt}. */
    TRL("trl", "TRL preference"),
    /** Feedloop's own exports: {@code messages}, {@code prompt-completion}, {@code trl}, {@code openai-dpo}, {@code rankings}, {@code kto}. */
    FEEDLOOP_EXPORT("feedloop-export", "Feedloop export");

    private final String parameter;
    private final String title;

    ImportFormat(String parameter, String title) {
        this.parameter = parameter;
        this.title = title;
    }

    /** The format's name in English messages, such as {@code HH-RLHF}. */
    String title() {
        return title;
    }

    /** The name {@code ?format=} takes, such as {@code hh-rlhf}. */
    public String parameter() {
        return parameter;
    }

    /** Whether this format is read from JSON (every format but CSV). */
    boolean json() {
        return this != CSV;
    }

    /**
     * The format named by {@code name} (a {@link #parameter()} name; case-insensitive, {@code _} for
     * {@code -} too), else the one the file name or content type suggests, else JSON Lines (which
     * detects the other JSON formats from the file's first record).
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
        return JSONL;
    }

    /** The format for a name such as {@code csv}; an unknown name is a 400. */
    public static ImportFormat parse(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (key) {
            case "jsonl", "ndjson", "json-lines", "jsonlines", "json", "auto" -> JSONL;
            case "oasst", "openassistant" -> OASST;
            case "alpaca-eval", "alpacaeval" -> ALPACA;
            case "hh", "anthropic-hh" -> HH_RLHF;
            case "ultrafeedback-raw" -> ULTRAFEEDBACK;
            case "openai", "openai-messages" -> OPENAI_CHAT;
            case "trl-preference", "trl-preferences" -> TRL;
            case "feedloop" -> FEEDLOOP_EXPORT;
            default -> {
                for (ImportFormat format : values()) {
                    if (format.parameter.equals(key)) {
                        yield format;
                    }
                }
                throw IngestRefusals.unknownFormat(name);
            }
        };
    }
}
