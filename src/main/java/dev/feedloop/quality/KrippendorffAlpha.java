package dev.feedloop.quality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Krippendorff's alpha, following Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability"
 * (University of Pennsylvania, ASC papers 43): α = 1 − D<sub>o</sub>/D<sub>e</sub>, computed from the
 * coincidence matrix of the pairable values (units with at least two values):
 *
 * <ul>
 *   <li>o<sub>ck</sub> = Σ<sub>u</sub> n<sub>uc</sub>·(n<sub>uk</sub> − [c = k]) / (m<sub>u</sub> − 1), where
 *       n<sub>uc</sub> is how many observers gave unit u the value c and m<sub>u</sub> how many values u
 *       has;
 *   <li>n<sub>c</sub> = Σ<sub>k</sub> o<sub>ck</sub>, n = Σ<sub>c</sub> n<sub>c</sub>;
 *   <li>α = 1 − (n − 1)·Σ o<sub>ck</sub>·δ²<sub>ck</sub> / Σ n<sub>c</sub>·n<sub>k</sub>·δ²<sub>ck</sub>.
 * </ul>
 *
 * The metrics δ² are the paper's: nominal 0 for equal values and 1 otherwise; ordinal
 * (Σ<sub>g=c..k</sub> n<sub>g</sub> − (n<sub>c</sub> + n<sub>k</sub>)/2)², which uses the marginal
 * frequencies n<sub>g</sub> of the values between c and k, so only the order of the values matters;
 * interval (c − k)². Missing values ({@link Double#NaN}) are left out; units with fewer than two
 * values are not pairable and do not count.
 */
public final class KrippendorffAlpha {

    /** The level of measurement, which chooses the difference function δ². */
    public enum Metric {
        NOMINAL,
        ORDINAL,
        INTERVAL
    }

    private KrippendorffAlpha() {}

    /**
     * Alpha of reliability data laid out as units × observers.
     *
     * @param data {@code data[unit][observer]}, {@link Double#NaN} where the observer gave no value
     * @return alpha; NaN when no unit has two values or all pairable values are equal (no expected
     *     disagreement)
     */
    public static double of(double[][] data, Metric metric) {
        List<double[]> units = new ArrayList<>(data.length);
        for (double[] unit : data) {
            units.add(unit);
        }
        return ofUnits(units, metric);
    }

    /**
     * Alpha from each unit's values (which observer gave which value does not enter alpha).
     *
     * @param units per unit, its values; {@link Double#NaN} entries are missing values
     */
    public static double ofUnits(Collection<double[]> units, Metric metric) {
        double[] values = distinctValues(units);
        int v = values.length;
        double[] coincidence = new double[v * v];
        int[] counts = new int[v];
        int[] present = new int[v];
        for (double[] unit : units) {
            int distinct = 0;
            int m = 0;
            for (double value : unit) {
                if (Double.isNaN(value)) {
                    continue;
                }
                int c = Arrays.binarySearch(values, value);
                if (counts[c]++ == 0) {
                    present[distinct++] = c;
                }
                m++;
            }
            if (m >= 2) {
                for (int i = 0; i < distinct; i++) {
                    int c = present[i];
                    for (int j = 0; j < distinct; j++) {
                        int k = present[j];
                        double pairs = (double) counts[c] * (c == k ? counts[k] - 1 : counts[k]);
                        coincidence[c * v + k] += pairs / (m - 1);
                    }
                }
            }
            for (int i = 0; i < distinct; i++) {
                counts[present[i]] = 0;
            }
        }
        double[] marginal = new double[v];
        double n = 0;
        for (int c = 0; c < v; c++) {
            for (int k = 0; k < v; k++) {
                marginal[c] += coincidence[c * v + k];
            }
            n += marginal[c];
        }
        if (n == 0) {
            return Double.NaN;
        }
        double observed = 0;
        double expected = 0;
        for (int c = 0; c < v; c++) {
            for (int k = 0; k < v; k++) {
                if (c == k) {
                    continue;
                }
                double delta = delta(metric, values, marginal, c, k);
                observed += coincidence[c * v + k] * delta;
                expected += marginal[c] * marginal[k] * delta;
            }
        }
        return expected == 0 ? Double.NaN : 1 - (n - 1) * observed / expected;
    }

    /**
     * Ordinal alpha of rankings: units are (item, candidate), a unit's values are the candidate's tier
     * positions (1 = best tier; tied candidates share a position) in the item's rankings; "none
     * acceptable" rankings are left out.
     */
    public static double ofRankings(Collection<Judgment> judgments) {
        Map<Long, Map<String, List<Integer>>> byItem = new HashMap<>();
        for (Judgment judgment : judgments) {
            List<List<String>> tiers = judgment.countedTiers();
            Map<String, List<Integer>> item = byItem.computeIfAbsent(judgment.itemId(), id -> new HashMap<>());
            for (int t = 0; t < tiers.size(); t++) {
                for (String candidate : tiers.get(t)) {
                    item.computeIfAbsent(candidate, c -> new ArrayList<>(4)).add(t + 1);
                }
            }
        }
        List<double[]> units = new ArrayList<>();
        for (Map<String, List<Integer>> item : byItem.values()) {
            for (List<Integer> positions : item.values()) {
                units.add(positions.stream().mapToDouble(Integer::doubleValue).toArray());
            }
        }
        return ofUnits(units, Metric.ORDINAL);
    }

    /**
     * Adds one item's units for {@link #ofRankings} from its tier positions ({@code
     * position[ranking][candidate]}, 0 when not placed): per candidate, its positions in the rankings
     * that place it.
     */
    static void addUnits(int[][] position, int candidates, List<double[]> units) {
        for (int c = 0; c < candidates; c++) {
            int placed = 0;
            for (int[] ranking : position) {
                if (ranking[c] != 0) {
                    placed++;
                }
            }
            if (placed == 0) {
                continue;
            }
            double[] unit = new double[placed];
            int v = 0;
            for (int[] ranking : position) {
                if (ranking[c] != 0) {
                    unit[v++] = ranking[c];
                }
            }
            units.add(unit);
        }
    }

    private static double delta(Metric metric, double[] values, double[] marginal, int c, int k) {
        return switch (metric) {
            case NOMINAL -> 1;
            case INTERVAL -> (values[c] - values[k]) * (values[c] - values[k]);
            case ORDINAL -> {
                int low = Math.min(c, k);
                int high = Math.max(c, k);
                double sum = 0;
                for (int g = low; g <= high; g++) {
                    sum += marginal[g];
                }
                double d = sum - (marginal[c] + marginal[k]) / 2;
                yield d * d;
            }
        };
    }

    /** The distinct values of all units, ascending (few, usually: kept sorted as they are found). */
    private static double[] distinctValues(Collection<double[]> units) {
        double[] values = new double[8];
        int distinct = 0;
        for (double[] unit : units) {
            for (double value : unit) {
                if (Double.isNaN(value)) {
                    continue;
                }
                int at = Arrays.binarySearch(values, 0, distinct, value);
                if (at < 0) {
                    at = -at - 1;
                    if (distinct == values.length) {
                        values = Arrays.copyOf(values, 2 * distinct);
                    }
                    System.arraycopy(values, at, values, at + 1, distinct - at);
                    values[at] = value;
                    distinct++;
                }
            }
        }
        return Arrays.copyOf(values, distinct);
    }
}
