package dev.feedloop.export;

/**
 * An export's parameters as a client sends them (query parameters or form fields), not yet
 * checked; blank means "the default". {@link DatasetExporter} turns them into an {@link
 * ExportRequest} or answers 400 naming the parameter at fault.
 *
 * @param format see {@link ExportFormat}: {@code messages}, {@code prompt-completion} (SFT);
 *     {@code trl}, {@code openai-dpo}, {@code rankings}, {@code kto} (preferences)
 * @param review SFT only: {@code approved} (default), {@code approved-pending}, {@code all}
 * @param aggregation preferences only: {@code raw} (default) or {@code majority}
 * @param split {@code all} (default), {@code train} or {@code test}
 * @param testRatio share of items in the test split, 0 to 1
 * @param seed split seed: 1 to 64 letters, digits, {@code . _ -}
 * @param late {@code include} (default) or {@code exclude} judgments submitted after their lease ended
 * @param minAnnotators preferences only: leave out items ranked by fewer people (default 1)
 * @param asOf ISO-8601 instant: only judgments and reviews up to it count (default: now)
 * @param annotators {@code all} (default) or {@code trusted}: see {@link AnnotatorPolicy}
 * @param judges preferences only: {@code exclude} (default) or {@code include} machine judgments:
 *     see {@link JudgePolicy}
 * @param margin {@code trl} only: {@code include} (default: every line has a float {@code margin},
 *     {@code 0.0} without strength) or {@code omit} (no line has it)
 * @param weights SFT {@code messages} only: {@code none} (default) or {@code last}: every assistant
 *     message carries OpenAI's {@code weight}, 1 on the final reply and 0 on earlier turns
 * @param round the name of one of the project's rounds: only items that came in during its window
 *     ({@code item.created_at}); blank for every item
 */
public record ExportParameters(
        String format,
        String review,
        String aggregation,
        String split,
        String testRatio,
        String seed,
        String late,
        String minAnnotators,
        String asOf,
        String annotators,
        String judges,
        String margin,
        String weights,
        String round) {

    /** Parameters without a round (package-private, so that binding finds the canonical constructor). */
    ExportParameters(
            String format,
            String review,
            String aggregation,
            String split,
            String testRatio,
            String seed,
            String late,
            String minAnnotators,
            String asOf,
            String annotators,
            String judges,
            String margin,
            String weights) {
        this(
                format,
                review,
                aggregation,
                split,
                testRatio,
                seed,
                late,
                minAnnotators,
                asOf,
                annotators,
                judges,
                margin,
                weights,
                null);
    }

    public static ExportParameters of(String format) {
        return new ExportParameters(format, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** The same parameters with the annotator policy {@code policy}. */
    public ExportParameters withAnnotators(String policy) {
        return new ExportParameters(
                format,
                review,
                aggregation,
                split,
                testRatio,
                seed,
                late,
                minAnnotators,
                asOf,
                policy,
                judges,
                margin,
                weights,
                round);
    }

    /** The same parameters with the judge policy {@code policy}. */
    public ExportParameters withJudges(String policy) {
        return new ExportParameters(
                format,
                review,
                aggregation,
                split,
                testRatio,
                seed,
                late,
                minAnnotators,
                asOf,
                annotators,
                policy,
                margin,
                weights,
                round);
    }

    /** The same parameters with the margin policy {@code policy} ({@code include} or {@code omit}). */
    public ExportParameters withMargin(String policy) {
        return new ExportParameters(
                format,
                review,
                aggregation,
                split,
                testRatio,
                seed,
                late,
                minAnnotators,
                asOf,
                annotators,
                judges,
                policy,
                weights,
                round);
    }

    /** The same parameters with the assistant weights {@code policy} ({@code none} or {@code last}). */
    public ExportParameters withWeights(String policy) {
        return new ExportParameters(
                format,
                review,
                aggregation,
                split,
                testRatio,
                seed,
                late,
                minAnnotators,
                asOf,
                annotators,
                judges,
                margin,
                policy,
                round);
    }

    /** The same parameters with the round {@code name} (blank for none). */
    public ExportParameters withRound(String name) {
        return new ExportParameters(
                format,
                review,
                aggregation,
                split,
                testRatio,
                seed,
                late,
                minAnnotators,
                asOf,
                annotators,
                judges,
                margin,
                weights,
                name);
    }
}
