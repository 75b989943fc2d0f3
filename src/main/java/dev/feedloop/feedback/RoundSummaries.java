package dev.feedloop.feedback;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Round;
import dev.feedloop.projects.Rounds;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Round over round: what each round of a project received, fixed and approved, and how its model
 * version did on the previous round's regression prompts. Read-only SQL over the feedback rows and
 * the fix items' demonstrations, reviews, candidates and rankings (docs/architecture.md).
 */
@Service
public class RoundSummaries {

    /** A window as SQL parameters: start, then end twice (NULL for an open round). */
    private static final String IN_WINDOW = " >= ? AND (CAST(? AS timestamptz) IS NULL OR %1$s < ?)";

    private final Feedbacks feedbacks;
    private final Rounds rounds;
    private final JdbcClient jdbc;

    RoundSummaries(Feedbacks feedbacks, Rounds rounds, JdbcClient jdbc) {
        this.feedbacks = feedbacks;
        this.rounds = rounds;
        this.jdbc = jdbc;
    }

    /** Every round of the project, newest first (administrators and the project's reviewers). */
    @Transactional(readOnly = true)
    public List<RoundSummary> of(String slug, AccountPrincipal me) {
        ProjectSettings project = feedbacks.requireReader(slug, me);
        List<Round> all = rounds.of(project.id());
        List<RoundSummary> summaries = new ArrayList<>(all.size());
        for (int i = all.size() - 1; i >= 0; i--) {
            Round round = all.get(i);
            summaries.add(summary(project.id(), round, i == 0 ? null : all.get(i - 1)));
        }
        return summaries;
    }

    private RoundSummary summary(long projectId, Round round, Round previous) {
        Object[] window = window(round);
        return jdbc.sql("""
                        SELECT
                          (SELECT count(*) FROM feedback f
                           WHERE f.project_id = ? AND f.failure AND f.received_at %s) AS failures,
                          (SELECT count(*) FROM feedback f JOIN demonstration d ON d.item_id = f.item_id
                           WHERE f.project_id = ? AND d.revises_id IS NULL AND d.submitted_at %s) AS fixed,
                          (SELECT count(*) FROM feedback f JOIN demonstration d ON d.item_id = f.item_id
                           JOIN review r ON r.demonstration_id = d.id
                           WHERE f.project_id = ? AND r.decision IN ('APPROVED', 'EDITED') AND r.created_at %s) AS approved,
                          (SELECT count(*) FROM feedback f
                           WHERE f.project_id = ? AND f.dismissed_at %s) AS not_a_failure
                        """.formatted(
                                window("f.received_at"),
                                window("d.submitted_at"),
                                window("r.created_at"),
                                window("f.dismissed_at")))
                .params(concat(projectId, window, projectId, window, projectId, window, projectId, window))
                .query((rs, n) -> new RoundSummary(
                        round,
                        rs.getLong("failures"),
                        rs.getLong("fixed"),
                        rs.getLong("approved"),
                        rs.getLong("not_a_failure"),
                        previous == null ? null : regression(projectId, round, previous)))
                .single();
    }

    /**
     * The previous round's failures (received in its window) that have an approved fix (a
     * demonstration whose newest review approves it, a reviewer's edit included: the items of the
     * regression set), the candidates of
     * {@code round}'s model version on their items, and every pair of such a candidate with another
     * candidate of the item that a person's ranking places: a better tier wins, a worse one loses, the
     * same tier ties. Rankings marked "none acceptable" give no pair.
     */
    private RoundSummary.Regression regression(long projectId, Round round, Round previous) {
        return jdbc.sql("""
                        WITH prompts AS MATERIALIZED (
                            SELECT f.item_id FROM feedback f
                            WHERE f.project_id = ? AND f.failure AND f.item_id IS NOT NULL AND f.received_at %s
                              AND EXISTS (
                                  SELECT 1 FROM demonstration d
                                  WHERE d.item_id = f.item_id
                                    AND (SELECT rv.decision FROM review rv WHERE rv.demonstration_id = d.id
                                         ORDER BY rv.created_at DESC, rv.id DESC LIMIT 1) = 'APPROVED')
                        ),
                        mine AS MATERIALIZED (
                            SELECT c.item_id, c.external_id FROM candidate c JOIN prompts p ON p.item_id = c.item_id
                            WHERE c.model = ?
                        ),
                        placed AS MATERIALIZED (
                            SELECT r.id AS ranking_id, r.item_id, e.ext, t.pos
                            FROM ranking r JOIN prompts p ON p.item_id = r.item_id
                            CROSS JOIN LATERAL jsonb_array_elements(r.tiers) WITH ORDINALITY t(tier, pos)
                            CROSS JOIN LATERAL jsonb_array_elements_text(t.tier) e(ext)
                            WHERE NOT r.none_acceptable
                        ),
                        pairs AS (
                            SELECT a.ranking_id, sign(b.pos - a.pos) AS outcome
                            FROM placed a
                            JOIN mine m ON m.item_id = a.item_id AND m.external_id = a.ext
                            JOIN placed b ON b.ranking_id = a.ranking_id AND b.ext <> a.ext
                            WHERE NOT EXISTS (SELECT 1 FROM mine o WHERE o.item_id = b.item_id AND o.external_id = b.ext)
                        )
                        SELECT (SELECT count(*) FROM prompts) AS prompts,
                               (SELECT count(*) FROM mine) AS candidates,
                               (SELECT count(DISTINCT ranking_id) FROM pairs) AS rankings,
                               (SELECT count(*) FROM pairs WHERE outcome > 0) AS wins,
                               (SELECT count(*) FROM pairs WHERE outcome < 0) AS losses,
                               (SELECT count(*) FROM pairs WHERE outcome = 0) AS ties
                        """.formatted(window("f.received_at")))
                .params(concat(projectId, window(previous), round.modelVersion()))
                .query((rs, n) -> {
                    long wins = rs.getLong("wins");
                    long losses = rs.getLong("losses");
                    long ties = rs.getLong("ties");
                    long pairs = wins + losses + ties;
                    return new RoundSummary.Regression(
                            previous.name(),
                            rs.getLong("prompts"),
                            rs.getLong("candidates"),
                            rs.getLong("rankings"),
                            wins,
                            losses,
                            ties,
                            pairs == 0 ? null : (double) wins / pairs);
                })
                .single();
    }

    private static String window(String column) {
        return IN_WINDOW.formatted(column);
    }

    private static Object[] window(Round round) {
        Timestamp ends = round.endsAt() == null ? null : Timestamp.from(round.endsAt());
        return new Object[] {Timestamp.from(round.startsAt()), ends, ends};
    }

    private static Object[] concat(Object... parts) {
        List<Object> all = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Object[] array) {
                all.addAll(java.util.Arrays.asList(array));
            } else {
                all.add(part);
            }
        }
        return all.toArray();
    }
}
