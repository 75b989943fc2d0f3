package dev.feedloop.export;

import dev.feedloop.projects.GoldSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/** The policies of an export request in words, as its snapshot manifest records them. */
final class ExportPolicies {

    private ExportPolicies() {}

    static Map<String, String> describe(ExportRequest request, GoldSettings gold) {
        Map<String, String> policies = new LinkedHashMap<>();
        policies.put("asOf", "Judgments submitted and reviews made up to " + request.asOf() + " are selected.");
        policies.put(
                "late",
                request.includeLate()
                        ? "Judgments submitted after their lease ended are included."
                        : "Judgments submitted after their lease ended are left out.");
        if (request.kind() == ExportKind.REGRESSION) {
            policies.put(
                    "regression",
                    "One line per fixed failure: the conversation up to the user's last turn, without the bad"
                            + " reply, for items with a fix whose newest review approves it.");
        } else if (request.kind() == ExportKind.SFT) {
            policies.put(
                    "review",
                    switch (request.review()) {
                        case APPROVED -> "Demonstrations whose newest review approves them.";
                        case APPROVED_PENDING -> "Demonstrations approved or not reviewed yet.";
                        case ALL -> "All demonstrations, rejected ones included; each line names its review state.";
                    });
            policies.put(
                    "edits", "A reviewer's edit replaces the demonstration it was made from and counts as approved.");
        } else {
            policies.put(
                    "pairs",
                    "A K-way ranking gives every strictly ordered pair (K choose 2); candidates sharing a tier"
                            + " (ties) give no pair.");
            policies.put(
                    "aggregation",
                    request.aggregation() == Aggregation.RAW
                            ? "raw: every ranking's own pairs and labels, one line each."
                            : "majority: a pair (or KTO label) is kept when more than half of the item's annotators"
                                    + " agree on it; metadata.agreement = agreeing annotators / annotators.");
            policies.put(
                    "noneAcceptable",
                    "A ranking marked none acceptable gives no pairs, counts as an annotator who agrees with no"
                            + " pair, and labels every shown candidate undesirable for KTO.");
            policies.put(
                    "minAnnotators",
                    "Items ranked by fewer than " + request.minAnnotators() + " annotators are left out.");
            policies.put(
                    "margin",
                    "A ranking's strength (1 to 3) is exported as margin; majority lines carry the mean"
                            + " strength of the agreeing rankings.");
            policies.put(
                    "kto",
                    "KTO labels: none acceptable gives false; else the candidate's ratings scaled to 0..1 and"
                            + " averaged (above 0.5 true, below false, 0.5 no line); else the best tier true and"
                            + " the worst false.");
            policies.put(
                    "fixes",
                    "Each approved fix of a production failure adds a pair, the fix over the bad reply (id fix-pair-…),"
                            + " and two KTO labels, the fix true and the bad reply false (id fix-kto-…), after people's"
                            + " lines; a fix counts as one judgment agreed by its author.");
        }
        policies.put(
                "split",
                "An item is in test when the first 32 bits of SHA-256(\"" + request.seed()
                        + ":\" + external id), unsigned, are below floor(" + request.testRatio()
                        + " * 2^32); else in train.");
        policies.put("annotatorPolicy", annotatorPolicy(request, gold));
        policies.put(
                "annotators", "Annotator ids are pseudonyms: HMAC-SHA256 of the user id under a key kept per project.");
        return policies;
    }

    private static String annotatorPolicy(ExportRequest request, GoldSettings gold) {
        if (request.annotators() == AnnotatorPolicy.ALL) {
            return "all: every annotator's judgments are selected.";
        }
        String whose = request.kind() != ExportKind.PREFERENCES
                ? "demonstrations written by trusted people (a reviewer's edit counts as the reviewer's)"
                : "rankings by trusted annotators; aggregation and the minimum count trusted annotators only";
        return "trusted: only " + whose + ". Trusted: not paused in the project at " + request.asOf()
                + ", and a gold accuracy over all their gold rankings up to then of at least "
                + gold.thresholdPercent() + " % once they have " + gold.minimumJudgments()
                + " or more gold judgments (with fewer, trusted).";
    }
}
