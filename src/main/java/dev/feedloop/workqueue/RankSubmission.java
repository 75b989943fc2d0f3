package dev.feedloop.workqueue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A rank task's submit, with candidates named as the task showed them. Every part may be absent
 * ({@code null}); the ranking module's rules check it against the candidates shown and the
 * project's settings. A value of the wrong JSON type is {@code null} in its place (a list keeps its
 * positions) and, where a missing value would be accepted, its field is in {@code mistyped}, so
 * the rules report it where they find it.
 *
 * @param tiers best tier first; a tier that was not a list is empty, an id that was not text is
 *     {@code null}
 * @param ratings candidate to dimension to rating; a candidate whose ratings were not an object maps
 *     to {@code null}, a rating that was not a whole number is {@code null} and in {@code mistyped}
 *     as {@code ratings.<candidate>.<dimension>}
 * @param flags candidate to flags; a candidate whose flags were not a list maps to {@code null}, a
 *     flag that was not text is {@code null}
 * @param mistyped fields whose JSON value had the wrong type: {@code noneAcceptable}, {@code
 *     tiers}, {@code ratings}, {@code ratings.<candidate>.<dimension>}, {@code flags}, {@code
 *     strength}, {@code rationale}; empty for page forms
 */
public record RankSubmission(
        UUID leaseToken,
        Integer activeSeconds,
        List<List<String>> tiers,
        Boolean noneAcceptable,
        Map<String, Map<String, Integer>> ratings,
        Map<String, List<String>> flags,
        Integer strength,
        String rationale,
        Set<String> mistyped)
        implements Submission {

    public RankSubmission {
        mistyped = Set.copyOf(mistyped);
    }

    @Override
    public WriteSubmission asWrite() {
        return new WriteSubmission(leaseToken, activeSeconds, null, null);
    }

    @Override
    public RankSubmission asRank() {
        return this;
    }
}
