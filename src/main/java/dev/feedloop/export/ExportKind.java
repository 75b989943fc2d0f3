package dev.feedloop.export;

/** What a dataset is made from. */
public enum ExportKind {
    /** Supervised fine-tuning lines from demonstrations. */
    SFT,
    /** Preference lines from rankings. */
    PREFERENCES;

    /** The name used in URLs and file names. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
