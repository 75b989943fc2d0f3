package dev.feedloop.feedback;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.ingest.Message;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feedback a project received, for administrators and the project's reviewers (who see what
 * writers said was not a real failure): filtered, keyset-paged lists with the
 * counts by state, and one feedback by its traceId. The state is derived in the query from the fix
 * task's item: its demonstrations and their review decisions (read-only SQL over labeling's and
 * review's tables, see docs/architecture.md).
 */
@Service
public class Feedbacks {

    public static final int MAX_PAGE = 200;

    /** A feedback's state, from its row ({@code f}) and its item's demonstrations and reviews. */
    static final String STATE = """
            CASE WHEN f.dismissed_at IS NOT NULL THEN 'not_a_failure'
                 WHEN f.item_id IS NULL THEN 'received'
                 WHEN EXISTS (SELECT 1 FROM demonstration d JOIN review r ON r.demonstration_id = d.id
                              WHERE d.item_id = f.item_id AND r.decision IN ('APPROVED', 'EDITED')) THEN 'approved'
                 WHEN EXISTS (SELECT 1 FROM demonstration d
                              WHERE d.item_id = f.item_id AND d.revises_id IS NULL
                                AND NOT EXISTS (SELECT 1 FROM review r
                                                WHERE r.demonstration_id = d.id AND r.decision = 'REJECTED'))
                      THEN 'fixed'
                 ELSE 'task_open' END""";

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};
    private static final TypeReference<List<Message>> MESSAGES = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Projects projects;

    Feedbacks(JdbcClient jdbc, JsonMapper json, Projects projects) {
        this.jdbc = jdbc;
        this.json = json;
        this.projects = projects;
    }

    /** Up to {@code limit} (1 to {@value #MAX_PAGE}) feedback older than {@code after}, newest first. */
    @Transactional(readOnly = true)
    public FeedbackPage page(String slug, FeedbackFilter filter, Long after, int limit, AccountPrincipal me) {
        ProjectSettings project = requireReader(slug, me);
        if (limit < 1 || limit > MAX_PAGE) {
            throw FeedbackRefusals.invalidParameter("limit", "must be 1 to " + MAX_PAGE);
        }
        List<FeedbackView> rows = jdbc.sql("SELECT * FROM (" + SELECT + """
                        WHERE f.project_id = :project AND (CAST(:after AS bigint) IS NULL OR f.id < :after)
                          AND (CAST(:model AS text) IS NULL OR f.model = :model)
                          AND (CAST(:tag AS text) IS NULL OR f.tags @> jsonb_build_array(CAST(:tag AS text)))
                          AND (CAST(:rating AS text) IS NULL
                               OR (:rating IN ('up', 'down') AND f.thumb = :rating)
                               OR (:rating = 'score' AND f.score IS NOT NULL)
                               OR (:rating = 'failure' AND f.failure)
                               OR (:rating = 'good' AND NOT f.failure))
                        ) s
                        WHERE CAST(:state AS text) IS NULL OR s.state = :state
                        ORDER BY s.id DESC
                        LIMIT :limit
                        """)
                .param("project", project.id())
                .param("after", after)
                .param("model", filter.model())
                .param("tag", filter.tag())
                .param("rating", filter.rating())
                .param("state", filter.state() == null ? null : filter.state().code())
                .param("limit", limit + 1)
                .query((rs, n) -> view(rs, false))
                .list();
        Long next = null;
        if (rows.size() > limit) {
            rows = new ArrayList<>(rows.subList(0, limit));
            next = rows.getLast().id();
        }
        return new FeedbackPage(rows, next, counts(project.id()));
    }

    /** One feedback with its conversation, by its traceId. */
    @Transactional(readOnly = true)
    public FeedbackView get(String slug, String traceId, AccountPrincipal me) {
        ProjectSettings project = requireReader(slug, me);
        return jdbc.sql(SELECT + " WHERE f.project_id = :project AND f.trace_id = :traceId")
                .param("project", project.id())
                .param("traceId", traceId)
                .query((rs, n) -> view(rs, true))
                .optional()
                .orElseThrow(() -> FeedbackRefusals.noSuchFeedback(traceId));
    }

    /** The project's feedback by state. */
    @Transactional(readOnly = true)
    public FeedbackCounts counts(long projectId) {
        return jdbc.sql("""
                        SELECT count(*) AS total,
                               count(*) FILTER (WHERE state = 'received') AS received,
                               count(*) FILTER (WHERE state = 'task_open') AS task_open,
                               count(*) FILTER (WHERE state = 'fixed') AS fixed,
                               count(*) FILTER (WHERE state = 'approved') AS approved,
                               count(*) FILTER (WHERE state = 'not_a_failure') AS not_a_failure,
                               count(*) FILTER (WHERE failure) AS failures
                        FROM (SELECT f.failure,
                        """ + STATE + """
                         AS state FROM feedback f WHERE f.project_id = ?) s
                        """)
                .param(projectId)
                .query((rs, n) -> new FeedbackCounts(
                        rs.getLong("total"),
                        rs.getLong("received"),
                        rs.getLong("task_open"),
                        rs.getLong("fixed"),
                        rs.getLong("approved"),
                        rs.getLong("not_a_failure"),
                        rs.getLong("failures")))
                .single();
    }

    /** The models and tags the project's feedback names, for the list's filters. */
    @Transactional(readOnly = true)
    public List<String> models(long projectId) {
        return jdbc.sql("""
                        SELECT DISTINCT model FROM feedback WHERE project_id = ? AND model IS NOT NULL
                        ORDER BY model LIMIT 100
                        """).param(projectId).query(String.class).list();
    }

    static final String SELECT = """
            SELECT f.id, f.trace_id, f.model, f.thumb, f.score, f.failure, f.comment, f.tags::text AS tags,
                   f.metadata::text AS metadata, f.messages::text AS messages, f.received_at, i.external_id,
                   f.dismissed_reason, f.dismissed_at, u.display_name AS dismissed_by,
            """ + STATE + """
             AS state
            FROM feedback f
            LEFT JOIN item i ON i.id = f.item_id
            LEFT JOIN app_user u ON u.id = f.dismissed_by
            """;

    FeedbackView view(ResultSet rs, boolean withMessages) throws SQLException {
        return new FeedbackView(
                rs.getLong("id"),
                rs.getString("trace_id"),
                rs.getString("model"),
                rating(rs),
                rs.getBoolean("failure"),
                rs.getString("comment"),
                json.readValue(rs.getString("tags"), STRINGS),
                json.readValue(rs.getString("metadata"), OBJECT),
                rs.getString("state"),
                rs.getString("external_id"),
                IntakeTokens.instant(rs, "received_at"),
                withMessages ? json.readValue(rs.getString("messages"), MESSAGES) : List.of(),
                dismissal(rs));
    }

    /** The rating of a row with {@code thumb} and {@code score}: the thumb's word or the score. */
    static Object rating(ResultSet rs) throws SQLException {
        String thumb = rs.getString("thumb");
        return thumb != null ? thumb : rs.getBigDecimal("score").stripTrailingZeros();
    }

    /** The dismissal of a row with {@code dismissed_reason}, {@code dismissed_by} (a name) and {@code dismissed_at}. */
    static FeedbackView.Dismissal dismissal(ResultSet rs) throws SQLException {
        return rs.getString("dismissed_reason") == null
                ? null
                : new FeedbackView.Dismissal(
                        rs.getString("dismissed_reason"),
                        rs.getString("dismissed_by"),
                        IntakeTokens.instant(rs, "dismissed_at"));
    }

    /** The project, when {@code me} is an administrator or one of its reviewers. */
    public ProjectSettings requireReader(String slug, AccountPrincipal me) {
        ProjectSettings project = projects.requireVisible(slug, me);
        if (!me.admin() && !projects.rolesOf(project.id(), me).contains(ProjectRole.REVIEWER)) {
            throw FeedbackRefusals.readersOnly();
        }
        return project;
    }
}
