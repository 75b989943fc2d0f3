package dev.feedloop.projects;

import java.util.regex.Pattern;

/**
 * Line breaks of text people type on pages. Browsers submit a textarea's line breaks as CRLF (the
 * HTML form submission rules), while imported text and API clients mostly use LF; Feedloop stores
 * LF only, so diffs, comparisons and exports see one kind of line break. Every service that takes
 * typed text (demonstrations, drafts, reviewers' edits and comments, guidelines, rank rationales,
 * skip notes) passes it through {@link #normalize} where the text enters.
 */
public final class LineBreaks {

    private static final Pattern CR_LF_OR_CR = Pattern.compile("\r\n?");

    private LineBreaks() {}

    /** {@code text} with every CRLF and every lone CR replaced by LF; {@code null} stays {@code null}. */
    public static String normalize(String text) {
        if (text == null || text.indexOf('\r') < 0) {
            return text;
        }
        return CR_LF_OR_CR.matcher(text).replaceAll("\n");
    }
}
