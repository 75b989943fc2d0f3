package dev.feedloop.rendering;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Word-level differences between two texts (two model answers, or a demonstration and the answer it
 * started from). Texts are split into words, runs of white space and single punctuation marks, so a
 * changed word shows as one deleted and one inserted word rather than as changed characters. The
 * segments carry plain text: templates print them escaped.
 */
@Component
public class WordDiff {

    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_]+|\\s+|.", Pattern.DOTALL);

    /** What a segment is, seen from the left text to the right one. */
    public enum Change {
        SAME,
        REMOVED,
        ADDED
    }

    /** A run of text that is the same in both, only in the left text, or only in the right text. */
    public record Segment(Change change, String text) {}

    /** The segments that turn {@code left} into {@code right}, in reading order. */
    public List<Segment> diff(String left, String right) {
        List<String> a = tokens(left == null ? "" : left);
        List<String> b = tokens(right == null ? "" : right);
        List<Segment> segments = new ArrayList<>();
        int position = 0;
        for (AbstractDelta<String> delta : DiffUtils.diff(a, b).getDeltas()) {
            int start = delta.getSource().getPosition();
            add(segments, Change.SAME, a.subList(position, start));
            add(segments, Change.REMOVED, delta.getSource().getLines());
            add(segments, Change.ADDED, delta.getTarget().getLines());
            position = start + delta.getSource().size();
        }
        add(segments, Change.SAME, a.subList(position, a.size()));
        return segments;
    }

    static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text);
        while (matcher.find()) {
            tokens.add(matcher.group());
        }
        return tokens;
    }

    private static void add(List<Segment> segments, Change change, List<String> tokens) {
        if (tokens.isEmpty()) {
            return;
        }
        String text = String.join("", tokens);
        int last = segments.size() - 1;
        if (last >= 0 && segments.get(last).change() == change) {
            segments.set(last, new Segment(change, segments.get(last).text() + text));
        } else {
            segments.add(new Segment(change, text));
        }
    }
}
