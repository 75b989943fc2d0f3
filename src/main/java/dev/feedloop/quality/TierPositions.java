package dev.feedloop.quality;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A ranking's tiers as positions: the best tier is position 1, the next 2, and so on; tied
 * candidates share their tier's position. A "none acceptable" ranking has no tiers and so no
 * positions.
 */
public final class TierPositions {

    private final Map<String, Integer> positions;

    private TierPositions(Map<String, Integer> positions) {
        this.positions = positions;
    }

    /** @param tiers best tier first; a candidate may appear only once */
    public static TierPositions of(List<List<String>> tiers) {
        Map<String, Integer> positions = HashMap.newHashMap(tiers.size() * 2);
        for (int t = 0; t < tiers.size(); t++) {
            for (String candidate : tiers.get(t)) {
                if (positions.put(candidate, t + 1) != null) {
                    throw new IllegalArgumentException("candidate '" + candidate + "' is ranked twice");
                }
            }
        }
        return new TierPositions(positions);
    }

    /** The candidate's position, or empty when the ranking does not place it. */
    public OptionalInt position(String candidate) {
        Integer position = positions.get(candidate);
        return position == null ? OptionalInt.empty() : OptionalInt.of(position);
    }

    /** This ranking's verdict on (first, second); empty when it places either candidate nowhere. */
    public java.util.Optional<Verdict> verdict(String first, String second) {
        Integer a = positions.get(first);
        Integer b = positions.get(second);
        return a == null || b == null ? java.util.Optional.empty() : java.util.Optional.of(Verdict.of(a, b));
    }
}
