package dev.feedloop.export.web;

import dev.feedloop.export.AnnotatorPolicy;
import dev.feedloop.export.ExportFormat;
import dev.feedloop.export.ExportKind;
import dev.feedloop.export.ExportParameters;
import dev.feedloop.export.JudgePolicy;

/** The export page's form: every field optional, blank means the default. */
record ExportForm(
        String format,
        String review,
        String aggregation,
        String split,
        String testRatio,
        String seed,
        String late,
        String minAnnotators,
        String annotators,
        String judges,
        String margin,
        String weights,
        String round) {

    ExportKind kind() {
        return ExportFormat.byKey(format == null ? "" : format)
                .map(ExportFormat::kind)
                .orElse(ExportKind.PREFERENCES);
    }

    ExportParameters parameters() {
        return new ExportParameters(
                format,
                review,
                aggregation,
                split,
                testRatio,
                seed,
                late,
                minAnnotators,
                null,
                annotators,
                judges,
                margin,
                weights,
                round);
    }

    /** The form as the page shows it first, with the defaults filled in. */
    ExportForm withDefaults(String defaultSeed, double defaultTestRatio) {
        return new ExportForm(
                blank(format) ? ExportFormat.TRL.key() : format,
                blank(review) ? "approved" : review,
                blank(aggregation) ? "raw" : aggregation,
                blank(split) ? "all" : split,
                blank(testRatio) ? Double.toString(defaultTestRatio) : testRatio,
                blank(seed) ? defaultSeed : seed,
                blank(late) ? "include" : late,
                blank(minAnnotators) ? "1" : minAnnotators,
                blank(annotators) ? AnnotatorPolicy.ALL.key() : annotators,
                blank(judges) ? JudgePolicy.EXCLUDE.key() : judges,
                blank(margin) ? "include" : margin,
                blank(weights) ? "none" : weights,
                blank(round) ? "" : round);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
