package dev.feedloop.export;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The line formats of docs/export.md, with the names consumers and URLs use. */
public enum ExportFormat {
    /** {@code {"messages": [...conversation, assistant]}} (TRL SFTTrainer, OpenAI chat fine-tuning). */
    MESSAGES(ExportKind.SFT, "messages"),
    /** {@code {"prompt": [...], "completion": [assistant]}} (TRL conversational prompt-completion). */
    PROMPT_COMPLETION(ExportKind.SFT, "prompt-completion"),
    /** {@code {"prompt", "chosen", "rejected", "margin"}} (TRL DPO and reward trainers). */
    TRL(ExportKind.PREFERENCES, "trl"),
    /** {@code {"input": {"messages"}, "preferred_output", "non_preferred_output"}} (OpenAI DPO). */
    OPENAI_DPO(ExportKind.PREFERENCES, "openai-dpo"),
    /** One line per item: candidates, every annotator's ranking, and the aggregate. */
    RANKINGS(ExportKind.PREFERENCES, "rankings"),
    /** {@code {"prompt", "completion", "label"}} (TRL KTO), from ratings, tiers and "none acceptable". */
    KTO(ExportKind.PREFERENCES, "kto"),
    /**
     * {@code {"conversations", "system", "chosen", "rejected"}}: LLaMA-Factory's sharegpt preference
     * shape, one message object each for {@code chosen} and {@code rejected}.
     */
    LLAMA_FACTORY(ExportKind.PREFERENCES, "llama-factory"),
    /** {@code {"messages", "system", "label"}}: LLaMA-Factory's sharegpt KTO shape, the completion last in {@code messages}. */
    LLAMA_FACTORY_KTO(ExportKind.PREFERENCES, "llama-factory-kto"),
    /** {@code {"id", "messages", "metadata": {"trace_id", "model", "bad_reply", ...}}}: prompts of fixed failures. */
    REGRESSION(ExportKind.REGRESSION, "regression");

    private final ExportKind kind;
    private final String key;

    ExportFormat(ExportKind kind, String key) {
        this.kind = kind;
        this.key = key;
    }

    public ExportKind kind() {
        return kind;
    }

    public String key() {
        return key;
    }

    public static Optional<ExportFormat> of(ExportKind kind, String key) {
        return Arrays.stream(values())
                .filter(f -> f.kind == kind && f.key.equals(key))
                .findFirst();
    }

    /** The format named {@code key}, whatever its kind (format names are unique across kinds). */
    public static Optional<ExportFormat> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key.equals(key)).findFirst();
    }

    public static List<ExportFormat> of(ExportKind kind) {
        return Arrays.stream(values()).filter(f -> f.kind == kind).toList();
    }
}
