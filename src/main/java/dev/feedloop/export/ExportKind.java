package dev.feedloop.export;

/** What a dataset is made from. */
public enum ExportKind {
    /** Supervised fine-tuning lines from demonstrations. */
    SFT,
    /** Preference lines from rankings (and from fixed failures: the fix over the bad reply). */
    PREFERENCES,
    /** The prompts of fixed failures, to ask the next model version. */
    REGRESSION;

    /** The kind named {@code key} ({@code sft}, {@code preferences} or {@code regression}); else 400 naming the parameter {@code kind}. */
    public static ExportKind parse(String key) {
        for (ExportKind kind : values()) {
            if (kind.key().equals(key)) {
                return kind;
            }
        }
        throw ExportRefusals.invalid("kind");
    }

    /** The name used in URLs and file names. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
