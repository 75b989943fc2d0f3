package dev.feedloop.ranking;

import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.workqueue.RankSubmission;
import dev.feedloop.workqueue.WorkQueueRefusals;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reading stored rankings, and checking a ranking made outside a rank task. */
@Service
public class Rankings {

    private static final String SELECT = """
            SELECT id, task_id, item_id, project_id, annotator_id, tiers::text AS tiers, none_acceptable,
                   displayed_order::text AS displayed_order, ratings::text AS ratings, flags::text AS flags,
                   strength, rationale, guideline_version, late, started_at, submitted_at, active_seconds
            FROM ranking
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Rankings(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public Optional<RankingView> find(long id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query(this::view).optional();
    }

    /** Every ranking of an item, on-time and late, oldest first. */
    @Transactional(readOnly = true)
    public List<RankingView> ofItem(long itemId) {
        return jdbc.sql(SELECT + " WHERE item_id = ? ORDER BY id")
                .param(itemId)
                .query(this::view)
                .list();
    }

    /**
     * Checks a ranking of {@code candidateIds} (named as the submit names them) by the rules of a
     * rank submit and the project's settings; 400 listing every problem, as a rank submit is refused.
     */
    public CheckedRanking check(RankSubmission submission, List<String> candidateIds, ProjectSettings project) {
        RankingRules.Outcome outcome = RankingRules.check(submission, candidateIds, project);
        if (!outcome.problems().isEmpty()) {
            throw WorkQueueRefusals.invalidSubmission(outcome.problems());
        }
        RankingRules.Ranked r = outcome.ranked();
        return new CheckedRanking(r.tiers(), r.noneAcceptable(), r.ratings(), r.flags(), r.strength(), r.rationale());
    }

    /** How many rankings {@code annotatorId} submitted in a project since {@code since}. */
    @Transactional(readOnly = true)
    public int countByAnnotatorSince(long projectId, long annotatorId, Instant since) {
        return jdbc.sql("SELECT count(*) FROM ranking WHERE project_id = ? AND annotator_id = ? AND submitted_at >= ?")
                .params(projectId, annotatorId, java.sql.Timestamp.from(since))
                .query(Integer.class)
                .single();
    }

    private RankingView view(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new RankingView(
                rs.getLong("id"),
                rs.getLong("task_id"),
                rs.getLong("item_id"),
                rs.getLong("project_id"),
                rs.getLong("annotator_id"),
                json.readValue(rs.getString("tiers"), new TypeReference<List<List<String>>>() {}),
                rs.getBoolean("none_acceptable"),
                json.readValue(rs.getString("displayed_order"), new TypeReference<List<String>>() {}),
                json.readValue(rs.getString("ratings"), new TypeReference<Map<String, Map<String, Integer>>>() {}),
                json.readValue(rs.getString("flags"), new TypeReference<Map<String, List<String>>>() {}),
                (Integer) rs.getObject("strength"),
                rs.getString("rationale"),
                (Integer) rs.getObject("guideline_version"),
                rs.getBoolean("late"),
                instant(rs.getObject("started_at", OffsetDateTime.class)),
                instant(rs.getObject("submitted_at", OffsetDateTime.class)),
                (Integer) rs.getObject("active_seconds"));
    }

    private static Instant instant(OffsetDateTime value) {
        return value == null ? null : value.toInstant();
    }
}
