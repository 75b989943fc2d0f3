package dev.feedloop.ranking;

import dev.feedloop.workqueue.JudgmentRecorder;
import dev.feedloop.workqueue.JudgmentToRecord;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueueRefusals;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stores rank submits as rankings, after {@link RankingRules} accepted them. The submit names
 * candidates as the task showed them (opaque labels when the project hides model names); the
 * ranking stores their ids given at import. A repeated submit is the same ranking when
 * {@link RankingRules.Ranked#sameAs} says so (active time does not count).
 */
@Component
class RankingRecorder implements JudgmentRecorder {

    static final String INSERT = """
            INSERT INTO ranking (task_id, item_id, project_id, annotator_id, tiers, none_acceptable,
                displayed_order, ratings, flags, strength, rationale, guideline_version, lease_token, late,
                started_at, active_seconds)
            VALUES (:task, :item, :project, :annotator, :tiers::jsonb, :none, :displayed::jsonb,
                :ratings::jsonb, :flags::jsonb, :strength, :rationale, :guidelineVersion, :token, :late,
                :startedAt, :activeSeconds)
            RETURNING id
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    RankingRecorder(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    public TaskKind kind() {
        return TaskKind.RANK;
    }

    @Override
    public Optional<Long> findByLease(long taskId, UUID leaseToken) {
        return jdbc.sql("SELECT id FROM ranking WHERE task_id = ? AND lease_token = ?")
                .params(taskId, leaseToken)
                .query(Long.class)
                .optional();
    }

    @Override
    public boolean sameAs(long judgmentId, JudgmentToRecord submission) {
        Map<String, String> names = submission.candidateIds();
        RankingRules.Outcome outcome =
                RankingRules.check(submission.submission().asRank(), List.copyOf(names.keySet()), submission.project());
        if (!outcome.problems().isEmpty()) {
            return false;
        }
        RankingRules.Ranked stored = jdbc.sql("""
                        SELECT tiers::text AS tiers, none_acceptable, ratings::text AS ratings, flags::text AS flags,
                               strength, rationale
                        FROM ranking WHERE id = ?
                        """)
                .param(judgmentId)
                .query((rs, n) -> new RankingRules.Ranked(
                        json.readValue(rs.getString("tiers"), new TypeReference<List<List<String>>>() {}),
                        rs.getBoolean("none_acceptable"),
                        json.readValue(
                                rs.getString("ratings"), new TypeReference<Map<String, Map<String, Integer>>>() {}),
                        json.readValue(rs.getString("flags"), new TypeReference<Map<String, List<String>>>() {}),
                        (Integer) rs.getObject("strength"),
                        rs.getString("rationale")))
                .single();
        return stored.sameAs(outcome.ranked().named(names));
    }

    @Override
    public long record(JudgmentToRecord submission) {
        Map<String, String> names = submission.candidateIds();
        RankingRules.Outcome outcome =
                RankingRules.check(submission.submission().asRank(), List.copyOf(names.keySet()), submission.project());
        if (!outcome.problems().isEmpty()) {
            throw WorkQueueRefusals.invalidSubmission(outcome.problems());
        }
        RankingRules.Ranked ranked = outcome.ranked().named(names);
        return jdbc.sql(INSERT)
                .param("task", submission.taskId())
                .param("item", submission.itemId())
                .param("project", submission.project().id())
                .param("annotator", submission.userId())
                .param("tiers", json.writeValueAsString(ranked.tiers()))
                .param("none", ranked.noneAcceptable())
                .param("displayed", json.writeValueAsString(submission.displayedOrder()))
                .param("ratings", json.writeValueAsString(ranked.ratings()))
                .param("flags", json.writeValueAsString(ranked.flags()))
                .param("strength", ranked.strength())
                .param("rationale", ranked.rationale())
                .param("guidelineVersion", submission.guidelineVersion())
                .param("token", submission.leaseToken())
                .param("late", submission.late())
                .param("startedAt", submission.claimedAt() == null ? null : Timestamp.from(submission.claimedAt()))
                .param("activeSeconds", submission.activeSeconds())
                .query(Long.class)
                .single();
    }
}
