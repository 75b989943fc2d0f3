package dev.feedloop.export;

import java.util.List;

/**
 * Whose judgments a snapshot took, for its manifest.
 *
 * @param policy {@code all} or {@code trusted} ({@link AnnotatorPolicy})
 * @param leftOut how many people the policy left out who had judgments the snapshot would otherwise
 *     have selected (by time and lateness)
 * @param leftOutPseudonyms their pseudonyms, as the files name annotators, in order
 */
public record SnapshotAnnotators(String policy, int leftOut, List<String> leftOutPseudonyms) {

    public SnapshotAnnotators {
        leftOutPseudonyms = List.copyOf(leftOutPseudonyms);
    }
}
