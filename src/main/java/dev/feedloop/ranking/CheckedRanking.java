package dev.feedloop.ranking;

import java.util.List;
import java.util.Map;

/**
 * A ranking that passed the rank page's rules ({@link Rankings#check}), normalised: flags without
 * repeats, absent parts empty, the rationale with LF line breaks or {@code null}.
 */
public record CheckedRanking(
        List<List<String>> tiers,
        boolean noneAcceptable,
        Map<String, Map<String, Integer>> ratings,
        Map<String, List<String>> flags,
        Integer strength,
        String rationale) {}
