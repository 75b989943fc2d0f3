package dev.feedloop.quality;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each item's pairwise agreement in the table {@code item_agreement}, so that the item explorer can
 * filter and sort by it in SQL. The counts are those of {@link PairwiseAgreement} (one ranking per
 * annotator and item, the newest), computed from the project's rankings in memory ({@link
 * ProjectRankings}). {@code item_agreement_state} records the number and highest id of the rankings
 * they were computed from: when rankings were only added after them (the usual case), only the items
 * of the added rankings are computed again; otherwise (a ranking that became visible late, or the
 * first time) every item is.
 *
 * <p>Reading happens in one repeatable-read transaction, writing in another that locks the
 * project's state row and writes only when that row is still what was read, so two servers
 * bringing the table up to date at once write it once.
 */
@Component
class ItemAgreements {

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    private final JdbcClient jdbc;
    private final ProjectRankings rankings;
    private final TransactionTemplate reading;
    private final TransactionTemplate writing;

    ItemAgreements(JdbcClient jdbc, ProjectRankings rankings, PlatformTransactionManager tm) {
        this.jdbc = jdbc;
        this.rankings = rankings;
        this.reading = new TransactionTemplate(tm);
        reading.setReadOnly(true);
        reading.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.writing = new TransactionTemplate(tm);
    }

    private record State(long rankings, long highestId) {}

    /** Brings the project's item agreements up to date; returns the rankings they were computed from. */
    ProjectRankings.Snapshot refresh(long projectId) {
        record Read(ProjectRankings.Snapshot snapshot, State state) {}
        Read read = reading.execute(status -> new Read(rankings.current(projectId), state(projectId, false)));
        ProjectRankings.Snapshot snapshot = read.snapshot();
        State now = new State(snapshot.rankings().size(), snapshot.highestId());
        if (now.equals(read.state())) {
            return snapshot;
        }
        Set<Long> changed = changedItems(snapshot, read.state());
        List<StoredRankings.Stored> selected = snapshot.upTo(
                LATEST, changed == null ? ProjectRankings.RankingFilter.ALL : r -> changed.contains(r.itemId()));
        List<Judgment> judgments = new ArrayList<>(selected.size());
        Map<Long, Integer> perItem = new HashMap<>();
        for (StoredRankings.Stored ranking : selected) {
            judgments.add(ranking.judgment());
            perItem.merge(ranking.itemId(), 1, Integer::sum);
        }
        Map<Long, PairwiseAgreement.Counts> counts = PairwiseAgreement.of(judgments, 0, PairwiseAgreement.DEFAULT_SEED)
                .items();
        writing.executeWithoutResult(status -> {
            jdbc.sql("INSERT INTO item_agreement_state (project_id, rankings, highest_id) VALUES (?, -1, -1)"
                            + " ON CONFLICT (project_id) DO NOTHING")
                    .param(projectId)
                    .update();
            State locked = state(projectId, true);
            boolean unchanged = read.state() == null ? locked.equals(new State(-1, -1)) : locked.equals(read.state());
            if (!unchanged) {
                return;
            }
            if (changed == null) {
                jdbc.sql("DELETE FROM item_agreement WHERE project_id = ?")
                        .param(projectId)
                        .update();
            }
            write(projectId, counts, perItem);
            jdbc.sql("UPDATE item_agreement_state SET rankings = ?, highest_id = ?, updated_at = now()"
                            + " WHERE project_id = ?")
                    .params(now.rankings(), now.highestId(), projectId)
                    .update();
        });
        return snapshot;
    }

    /**
     * The items of the rankings added since {@code before}, or null when every item must be
     * computed again: nothing was computed yet, or a ranking with an id below the highest computed
     * one appeared since.
     */
    private static Set<Long> changedItems(ProjectRankings.Snapshot snapshot, State before) {
        if (before == null || before.rankings() < 0 || snapshot.highestId() < before.highestId()) {
            return null;
        }
        Set<Long> items = new HashSet<>();
        long added = 0;
        for (StoredRankings.Stored ranking : snapshot.rankings()) {
            if (ranking.id() > before.highestId()) {
                added++;
                items.add(ranking.itemId());
            }
        }
        return before.rankings() + added == snapshot.rankings().size() ? items : null;
    }

    private State state(long projectId, boolean lock) {
        return jdbc.sql("SELECT rankings, highest_id FROM item_agreement_state WHERE project_id = ?"
                        + (lock ? " FOR UPDATE" : ""))
                .param(projectId)
                .query((rs, n) -> new State(rs.getLong("rankings"), rs.getLong("highest_id")))
                .optional()
                .orElse(null);
    }

    private void write(long projectId, Map<Long, PairwiseAgreement.Counts> counts, Map<Long, Integer> perItem) {
        int size = counts.size();
        Long[] items = new Long[size];
        Integer[] ranked = new Integer[size];
        Long[][] columns = new Long[4][size];
        Double[] withTies = new Double[size];
        int i = 0;
        for (Map.Entry<Long, PairwiseAgreement.Counts> entry : counts.entrySet()) {
            PairwiseAgreement.Counts c = entry.getValue();
            items[i] = entry.getKey();
            ranked[i] = perItem.getOrDefault(entry.getKey(), 0);
            columns[0][i] = c.comparisons();
            columns[1][i] = c.agreements();
            columns[2][i] = c.strictComparisons();
            columns[3][i] = c.strictAgreements();
            withTies[i] = c.comparisons() == 0 ? null : c.withTies();
            i++;
        }
        jdbc.sql("""
                        INSERT INTO item_agreement (item_id, project_id, rankings, comparisons, agreements,
                                                    strict_comparisons, strict_agreements, with_ties)
                        SELECT u.item, ?, u.ranked, u.c, u.a, u.sc, u.sa, u.w
                        FROM unnest(?::bigint[], ?::int[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                                    ?::float8[]) AS u(item, ranked, c, a, sc, sa, w)
                        ON CONFLICT (item_id) DO UPDATE
                            SET rankings = excluded.rankings, comparisons = excluded.comparisons,
                                agreements = excluded.agreements, strict_comparisons = excluded.strict_comparisons,
                                strict_agreements = excluded.strict_agreements, with_ties = excluded.with_ties
                        """)
                .params(projectId, items, ranked, columns[0], columns[1], columns[2], columns[3], withTies)
                .update();
    }
}
