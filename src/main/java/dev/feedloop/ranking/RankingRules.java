package dev.feedloop.ranking;

import dev.feedloop.problems.Refusal.FieldError;
import dev.feedloop.projects.LineBreaks;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.RatingDimension;
import dev.feedloop.workqueue.RankSubmission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a rank submit and checks it against the candidates shown and the project's settings:
 * every shown candidate in exactly one tier (ties only where the project allows them) unless
 * {@code noneAcceptable}; ratings only on the project's dimensions, within their range; flags only
 * from the project's list; a strength only for two candidates in a strict order, where the project
 * asks for it. Every problem is reported, not only the first.
 */
final class RankingRules {

    static final int MAX_RATIONALE = 10_000;

    private RankingRules() {}

    /** A valid ranking, normalised (flags without repeats, absent parts empty, rationale with LF line breaks). */
    record Ranked(
            List<List<String>> tiers,
            boolean noneAcceptable,
            Map<String, Map<String, Integer>> ratings,
            Map<String, List<String>> flags,
            Integer strength,
            String rationale) {

        /**
         * The same judgment: the same tiers (the order of tied candidates within a tier does not
         * count), verdict, ratings, flags (in any order), strength and rationale.
         */
        boolean sameAs(Ranked other) {
            return noneAcceptable == other.noneAcceptable
                    && tierSets(tiers).equals(tierSets(other.tiers))
                    && ratings.equals(other.ratings)
                    && flagSets(flags).equals(flagSets(other.flags))
                    && java.util.Objects.equals(strength, other.strength)
                    && java.util.Objects.equals(rationale, other.rationale);
        }

        private static List<Set<String>> tierSets(List<List<String>> tiers) {
            return tiers.stream().<Set<String>>map(HashSet::new).toList();
        }

        private static Map<String, Set<String>> flagSets(Map<String, List<String>> flags) {
            Map<String, Set<String>> sets = new HashMap<>();
            flags.forEach((candidate, names) -> sets.put(candidate, new HashSet<>(names)));
            return sets;
        }

        /** The same ranking with every candidate renamed through {@code names} (shown name to import id). */
        Ranked named(Map<String, String> names) {
            List<List<String>> renamedTiers = tiers.stream()
                    .map(tier -> tier.stream().map(names::get).toList())
                    .toList();
            Map<String, Map<String, Integer>> renamedRatings = new LinkedHashMap<>();
            ratings.forEach((candidate, values) -> renamedRatings.put(names.get(candidate), values));
            Map<String, List<String>> renamedFlags = new LinkedHashMap<>();
            flags.forEach((candidate, values) -> renamedFlags.put(names.get(candidate), values));
            return new Ranked(renamedTiers, noneAcceptable, renamedRatings, renamedFlags, strength, rationale);
        }
    }

    /** The outcome: either {@code ranked} or a non-empty list of {@code problems}. */
    record Outcome(Ranked ranked, List<FieldError> problems) {}

    static Outcome check(RankSubmission submit, List<String> shown, ProjectSettings project) {
        List<FieldError> problems = new ArrayList<>();
        Set<String> candidates = new LinkedHashSet<>(shown);
        Set<String> mistyped = submit.mistyped();

        if (mistyped.contains("noneAcceptable")) {
            problems.add(new FieldError("noneAcceptable", "must be true or false"));
        }
        boolean noneAcceptable = Boolean.TRUE.equals(submit.noneAcceptable());

        List<List<String>> tiers =
                tiers(submit.tiers(), mistyped.contains("tiers"), candidates, project, noneAcceptable, problems);
        Map<String, Map<String, Integer>> ratings = ratings(submit.ratings(), mistyped, candidates, project, problems);
        Map<String, List<String>> flags = flags(submit.flags(), mistyped, candidates, project, problems);
        Integer strength = strength(
                submit.strength(), mistyped.contains("strength"), candidates, project, tiers, noneAcceptable, problems);

        String rationale = null;
        if (mistyped.contains("rationale")) {
            problems.add(new FieldError("rationale", "must be text"));
        } else if (submit.rationale() != null) {
            String typed = LineBreaks.normalize(submit.rationale());
            if (typed.length() > MAX_RATIONALE) {
                problems.add(new FieldError("rationale", "must be at most " + MAX_RATIONALE + " characters"));
            } else if (!typed.isBlank()) {
                rationale = typed.strip();
            }
        }
        if (!problems.isEmpty()) {
            return new Outcome(null, problems);
        }
        return new Outcome(new Ranked(tiers, noneAcceptable, ratings, flags, strength, rationale), List.of());
    }

    private static List<List<String>> tiers(
            List<List<String>> given,
            boolean mistyped,
            Set<String> candidates,
            ProjectSettings project,
            boolean noneAcceptable,
            List<FieldError> problems) {
        List<List<String>> tiers = new ArrayList<>();
        if (mistyped) {
            problems.add(new FieldError("tiers", "must be a list of lists of candidate ids"));
            return List.of();
        }
        if (given != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < given.size(); i++) {
                List<String> ids = given.get(i);
                String field = "tiers[" + i + "]";
                if (ids == null || ids.isEmpty()) {
                    problems.add(new FieldError(field, "must be a non-empty list of candidate ids"));
                    continue;
                }
                List<String> tier = new ArrayList<>();
                for (int j = 0; j < ids.size(); j++) {
                    String id = ids.get(j);
                    String idField = field + "[" + j + "]";
                    if (id == null) {
                        problems.add(new FieldError(idField, "must be a candidate id"));
                    } else if (!candidates.contains(id)) {
                        problems.add(new FieldError(idField, "'" + id + "' is not a candidate shown"));
                    } else if (!seen.add(id)) {
                        problems.add(new FieldError(idField, "'" + id + "' is ranked twice"));
                    } else {
                        tier.add(id);
                    }
                }
                if (tier.size() > 1 && !project.tiesAllowed()) {
                    problems.add(new FieldError(field, "ties are not allowed in this project"));
                }
                tiers.add(List.copyOf(tier));
            }
            if (!(noneAcceptable && given.isEmpty())) {
                List<String> missing =
                        candidates.stream().filter(c -> !seen.contains(c)).toList();
                if (!missing.isEmpty()) {
                    problems.add(new FieldError("tiers", "every candidate must be ranked; missing " + missing));
                }
            }
        } else if (!noneAcceptable) {
            problems.add(new FieldError("tiers", "rank the candidates, or mark none acceptable"));
        }
        return tiers;
    }

    private static Map<String, Map<String, Integer>> ratings(
            Map<String, Map<String, Integer>> given,
            Set<String> mistyped,
            Set<String> candidates,
            ProjectSettings project,
            List<FieldError> problems) {
        Map<String, Map<String, Integer>> ratings = new LinkedHashMap<>();
        if (mistyped.contains("ratings")) {
            problems.add(new FieldError("ratings", "must map candidate ids to ratings"));
            return ratings;
        }
        if (given == null) {
            return ratings;
        }
        Map<String, RatingDimension> dimensions = new LinkedHashMap<>();
        project.ratingDimensions().forEach(d -> dimensions.put(d.name(), d));
        for (Map.Entry<String, Map<String, Integer>> candidate : given.entrySet()) {
            String field = "ratings." + candidate.getKey();
            if (!candidates.contains(candidate.getKey())) {
                problems.add(new FieldError(field, "'" + candidate.getKey() + "' is not a candidate shown"));
                continue;
            }
            if (candidate.getValue() == null) {
                problems.add(new FieldError(field, "must map dimensions to numbers"));
                continue;
            }
            Map<String, Integer> values = new LinkedHashMap<>();
            for (Map.Entry<String, Integer> rating : candidate.getValue().entrySet()) {
                String ratingField = field + "." + rating.getKey();
                RatingDimension dimension = dimensions.get(rating.getKey());
                Integer value = rating.getValue();
                if (dimension == null) {
                    problems.add(new FieldError(
                            ratingField, "not a rating dimension of this project " + dimensions.keySet()));
                } else if (value == null && !mistyped.contains(ratingField)) {
                    continue;
                } else if (value == null || !dimension.accepts(value)) {
                    problems.add(new FieldError(
                            ratingField, "must be a whole number from " + dimension.min() + " to " + dimension.max()));
                } else {
                    values.put(rating.getKey(), value);
                }
            }
            if (!values.isEmpty()) {
                ratings.put(candidate.getKey(), values);
            }
        }
        return ratings;
    }

    private static Map<String, List<String>> flags(
            Map<String, List<String>> given,
            Set<String> mistyped,
            Set<String> candidates,
            ProjectSettings project,
            List<FieldError> problems) {
        Map<String, List<String>> flags = new LinkedHashMap<>();
        if (mistyped.contains("flags")) {
            problems.add(new FieldError("flags", "must map candidate ids to lists of flags"));
            return flags;
        }
        if (given == null) {
            return flags;
        }
        Set<String> allowed = new HashSet<>(project.flags());
        for (Map.Entry<String, List<String>> candidate : given.entrySet()) {
            String field = "flags." + candidate.getKey();
            if (!candidates.contains(candidate.getKey())) {
                problems.add(new FieldError(field, "'" + candidate.getKey() + "' is not a candidate shown"));
                continue;
            }
            if (candidate.getValue() == null) {
                problems.add(new FieldError(field, "must be a list of flags"));
                continue;
            }
            Set<String> values = new LinkedHashSet<>();
            for (String flag : candidate.getValue()) {
                if (flag == null || !allowed.contains(flag)) {
                    problems.add(new FieldError(field, "flags of this project are " + project.flags()));
                } else {
                    values.add(flag);
                }
            }
            if (!values.isEmpty()) {
                flags.put(candidate.getKey(), List.copyOf(values));
            }
        }
        return flags;
    }

    private static Integer strength(
            Integer given,
            boolean mistyped,
            Set<String> candidates,
            ProjectSettings project,
            List<List<String>> tiers,
            boolean noneAcceptable,
            List<FieldError> problems) {
        if (given == null && !mistyped) {
            return null;
        }
        if (!project.pairwiseStrength()) {
            problems.add(new FieldError("strength", "this project does not ask for a preference strength"));
        } else if (candidates.size() != 2) {
            problems.add(new FieldError("strength", "only for tasks with two candidates"));
        } else if (noneAcceptable || tiers.size() != 2) {
            problems.add(new FieldError("strength", "only when one candidate is ranked above the other"));
        } else if (given == null || given < 1 || given > 3) {
            problems.add(new FieldError("strength", "must be 1 (slightly), 2 (clearly) or 3 (much better)"));
        } else {
            return given;
        }
        return null;
    }
}
