package dev.feedloop.labeling;

import dev.feedloop.problems.Refusal.FieldError;
import dev.feedloop.workqueue.WorkQueueRefusals;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How an answer got into the write page's editor: characters pasted (or dropped) and characters
 * typed, counted by the page over the draft's whole life. Deleting does not subtract, so the two
 * may add up to more than the answer's length. Either is {@code null} when it was not counted
 * (demonstrations stored before the page counted, reviewers' revisions, API clients that do not
 * send the counts).
 */
public record InputCounts(Integer pastedChars, Integer typedChars) {

    /** Nothing counted. */
    public static final InputCounts NONE = new InputCounts(null, null);

    /**
     * The counts a page or client sent; refused (400 {@code invalid-submission}) when a count is
     * negative or, named in {@code mistyped}, not a whole number.
     */
    static InputCounts checked(Integer pastedChars, Integer typedChars, Set<String> mistyped) {
        List<FieldError> problems = new ArrayList<>();
        check("pastedChars", pastedChars, mistyped, problems);
        check("typedChars", typedChars, mistyped, problems);
        if (!problems.isEmpty()) {
            throw WorkQueueRefusals.invalidSubmission(problems);
        }
        return new InputCounts(pastedChars, typedChars);
    }

    private static void check(String field, Integer value, Set<String> mistyped, List<FieldError> problems) {
        if (mistyped.contains(field) || (value != null && value < 0)) {
            problems.add(new FieldError(field, "must be a whole number of characters, 0 or more"));
        }
    }

    /** Both counts are known. */
    public boolean counted() {
        return pastedChars != null && typedChars != null;
    }

    /**
     * Pasted characters as a whole percentage of all characters that went into the editor, or
     * {@code null} when not counted or nothing went in.
     */
    public Integer pastedPercent() {
        if (!counted() || (long) pastedChars + typedChars == 0) {
            return null;
        }
        return (int) Math.round(100.0 * pastedChars / ((long) pastedChars + typedChars));
    }

    /** More than half of what went into the editor was pasted (the review page warns of it). */
    public boolean mostlyPasted() {
        return counted() && pastedChars > typedChars;
    }
}
