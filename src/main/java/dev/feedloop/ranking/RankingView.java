package dev.feedloop.ranking;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A stored ranking. Candidate ids are the ids given at import.
 *
 * @param tiers best tier first; candidates in one tier are tied
 * @param displayedOrder the candidates in the order the annotator saw them
 * @param late stored after the annotator's lease had gone to someone else: an extra judgment
 * @param startedAt when the annotator took the task
 */
public record RankingView(
        long id,
        long taskId,
        long itemId,
        long projectId,
        long annotatorId,
        List<List<String>> tiers,
        boolean noneAcceptable,
        List<String> displayedOrder,
        Map<String, Map<String, Integer>> ratings,
        Map<String, List<String>> flags,
        Integer strength,
        String rationale,
        Integer guidelineVersion,
        boolean late,
        Instant startedAt,
        Instant submittedAt,
        Integer activeSeconds) {}
