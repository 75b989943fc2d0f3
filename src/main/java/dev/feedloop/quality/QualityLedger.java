package dev.feedloop.quality;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ledger: one row per member of a project with what they did up to an instant (judgments,
 * active time, skips, review outcomes of their demonstrations, pasted and typed characters), their
 * gold accuracy and whether they are paused. Read with SQL from the judgment, skip, review and
 * membership tables (docs/architecture.md); agreement per annotator comes from {@link
 * QualityReports}.
 */
@Service
public class QualityLedger {

    private final JdbcClient jdbc;
    private final Projects projects;
    private final GoldChecks gold;

    QualityLedger(JdbcClient jdbc, Projects projects, GoldChecks gold) {
        this.jdbc = jdbc;
        this.projects = projects;
        this.gold = gold;
    }

    /**
     * One member's row.
     *
     * @param medianActiveSeconds median active time of their rankings and demonstrations; {@code null}
     *     without any that measured it
     * @param topSkipReason the reason they gave most often, {@code null} without skips
     * @param reviewed their demonstrations with a review decision; {@code approved} of them approved as
     *     they were (an edit or a rejection is not an approval)
     * @param pausedReason {@code GOLD} or {@code MANUAL} while paused, else {@code null}
     * @param timedJudgments their rankings and demonstrations whose active time was measured (0 when
     *     the project's quick judgments are off)
     * @param quickJudgments of those, the ones with less active time than the project's {@link
     *     dev.feedloop.projects.AgreementSettings#quickSeconds()} (0 when that is off)
     */
    public record Entry(
            String username,
            String displayName,
            long rankings,
            long demonstrations,
            Double medianActiveSeconds,
            long skips,
            String topSkipReason,
            long reviewed,
            long approved,
            long pastedChars,
            long typedChars,
            GoldAccuracy gold,
            String pausedReason,
            Instant pausedAt,
            long timedJudgments,
            long quickJudgments) {

        /** Skips as a share of judgments and skips; NaN without either. */
        public double skipRate() {
            long seen = rankings + demonstrations + skips;
            return seen == 0 ? Double.NaN : (double) skips / seen;
        }

        /** Approved as a share of reviewed; NaN without reviews. */
        public double approvalRate() {
            return reviewed == 0 ? Double.NaN : (double) approved / reviewed;
        }

        /** Pasted as a share of pasted and typed; NaN without counts. */
        public double pastedShare() {
            long all = pastedChars + typedChars;
            return all == 0 ? Double.NaN : (double) pastedChars / all;
        }

        /** Quick judgments as a share of the timed ones; NaN without timed judgments. */
        public double quickShare() {
            return timedJudgments == 0 ? Double.NaN : (double) quickJudgments / timedJudgments;
        }

        public boolean paused() {
            return pausedReason != null;
        }
    }

    private record Row(Entry entry, long userId, Instant reinstatedAt) {}

    /** The project's members' ledger up to {@code asOf}, by username; administrators and reviewers. */
    @Transactional(readOnly = true)
    public List<Entry> of(String slug, AccountPrincipal me, Instant asOf) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        List<Row> rows = jdbc.sql("""
                        SELECT u.id, u.username, u.display_name, m.paused_reason, m.paused_at, m.reinstated_at,
                               r.n AS rankings, d.n AS demonstrations, t.median, s.n AS skips, s.top,
                               v.reviewed, v.approved, d.pasted, d.typed, t.timed, t.quick
                        FROM project_member m
                        JOIN app_user u ON u.id = m.user_id
                        CROSS JOIN LATERAL (SELECT count(*) AS n FROM ranking
                            WHERE project_id = m.project_id AND annotator_id = m.user_id AND submitted_at <= :until) r
                        CROSS JOIN LATERAL (SELECT count(*) AS n, coalesce(sum(pasted_chars), 0) AS pasted,
                                   coalesce(sum(typed_chars), 0) AS typed
                            FROM demonstration
                            WHERE project_id = m.project_id AND author_id = m.user_id AND submitted_at <= :until) d
                        CROSS JOIN LATERAL (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a.seconds) AS median,
                                   count(*) FILTER (WHERE :quickOn) AS timed,
                                   count(*) FILTER (WHERE :quickOn AND a.seconds < :quick) AS quick
                            FROM (SELECT active_seconds AS seconds FROM ranking
                                  WHERE project_id = m.project_id AND annotator_id = m.user_id
                                    AND submitted_at <= :until AND active_seconds IS NOT NULL
                                  UNION ALL
                                  SELECT active_seconds FROM demonstration
                                  WHERE project_id = m.project_id AND author_id = m.user_id
                                    AND submitted_at <= :until AND active_seconds IS NOT NULL) a) t
                        CROSS JOIN LATERAL (SELECT count(*) AS n, mode() WITHIN GROUP (ORDER BY k.reason_code) AS top
                            FROM task_skip k JOIN item i ON i.id = k.item_id
                            WHERE i.project_id = m.project_id AND k.user_id = m.user_id AND k.created_at <= :until) s
                        CROSS JOIN LATERAL (SELECT count(*) AS reviewed,
                                   count(*) FILTER (WHERE x.decision = 'APPROVED') AS approved
                            FROM (SELECT DISTINCT ON (w.demonstration_id) w.decision
                                  FROM review w JOIN demonstration o ON o.id = w.demonstration_id
                                  WHERE o.project_id = m.project_id AND o.author_id = m.user_id
                                    AND w.created_at <= :until
                                  ORDER BY w.demonstration_id, w.created_at DESC, w.id DESC) x) v
                        WHERE m.project_id = :project
                        ORDER BY u.username
                        """)
                .param("project", project.id())
                .param("until", Timestamp.from(asOf))
                // off (0): nothing is quick, and nothing counted as timed either
                .param("quick", project.agreement().quickSeconds())
                .param("quickOn", project.agreement().quickOn())
                .query((rs, n) -> new Row(
                        new Entry(
                                rs.getString("username"),
                                rs.getString("display_name"),
                                rs.getLong("rankings"),
                                rs.getLong("demonstrations"),
                                rs.getObject("median") == null ? null : rs.getDouble("median"),
                                rs.getLong("skips"),
                                rs.getString("top"),
                                rs.getLong("reviewed"),
                                rs.getLong("approved"),
                                rs.getLong("pasted"),
                                rs.getLong("typed"),
                                null,
                                rs.getString("paused_reason"),
                                rs.getTimestamp("paused_at") == null
                                        ? null
                                        : rs.getTimestamp("paused_at").toInstant(),
                                rs.getLong("timed"),
                                rs.getLong("quick")),
                        rs.getLong("id"),
                        rs.getTimestamp("reinstated_at") == null
                                ? null
                                : rs.getTimestamp("reinstated_at").toInstant()))
                .list();
        List<Entry> entries = new ArrayList<>(rows.size());
        for (Row row : rows) {
            Entry e = row.entry();
            // The accuracy that counts for pausing: the gold rankings since the last reinstatement.
            GoldAccuracy accuracy = gold.accuracy(project.id(), row.userId(), row.reinstatedAt(), asOf);
            entries.add(new Entry(
                    e.username(),
                    e.displayName(),
                    e.rankings(),
                    e.demonstrations(),
                    e.medianActiveSeconds(),
                    e.skips(),
                    e.topSkipReason(),
                    e.reviewed(),
                    e.approved(),
                    e.pastedChars(),
                    e.typedChars(),
                    accuracy,
                    e.pausedReason(),
                    e.pausedAt(),
                    e.timedJudgments(),
                    e.quickJudgments()));
        }
        return entries;
    }
}
