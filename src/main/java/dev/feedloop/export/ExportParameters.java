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
        String judges) {

    public static ExportParameters of(String format) {
        return new ExportParameters(format, null, null, null, null, null, null, null, null, null, null);
    }

    /** The same parameters with the annotator policy {@code policy}. */
    public ExportParameters withAnnotators(String policy) {
        return new ExportParameters(
                format, review, aggregation, split, testRatio, seed, late, minAnnotators, asOf, policy, judges);
    }

    /** The same parameters with the judge policy {@code policy}. */
    public ExportParameters withJudges(String policy) {
        return new ExportParameters(
                format, review, aggregation, split, testRatio, seed, late, minAnnotators, asOf, annotators, policy);
    }
}
