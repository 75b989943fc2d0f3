package dev.feedloop.workqueue;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.ingest.Items;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Extra rank slots for items whose annotators disagree: one after each completed round while the
 * item stays below the project's agreement threshold (up to its maximum), or several at once by an
 * administrator's request. An extra slot is a task row like any rank slot (its own random candidate
 * order, claimed by anyone who has not had the item), marked {@code extra} so that settings changes
 * neither count nor remove it. Every extra slot is counted in {@code queue_item.extra_rankings},
 * incremented by the statement that inserts the slot.
 */
@Service
public class ExtraRankings {

    /** The most extra slots one request may add. */
    public static final int MAX_REQUEST = 10;

    /**
     * One round: when every rank slot of the item is DONE, the item is not gold and has two or more
     * candidates, and its extra slots (as this statement sees them) are as many as its counter says
     * and fewer than {@code :max}, the counter goes up by one and one slot is inserted. Two
     * statements racing for the same round both lock the {@code queue_item} row; the second
     * rechecks the row after the first commits, finds the counter one above the extra slots its
     * snapshot sees, and adds nothing.
     */
    static final String ADD_AFTER_ROUND = """
            WITH bumped AS (
                UPDATE queue_item q SET extra_rankings = q.extra_rankings + 1, updated_at = now()
                WHERE q.item_id = :item AND NOT q.gold AND jsonb_array_length(q.candidate_ids) >= 2
                  AND q.extra_rankings < :max
                  AND q.extra_rankings = (SELECT count(*) FROM task e WHERE e.item_id = q.item_id AND e.extra)
                  AND NOT EXISTS (
                      SELECT 1 FROM task t
                      WHERE t.item_id = q.item_id AND t.kind = 'RANK' AND t.gold_for IS NULL AND t.state <> 'DONE')
                RETURNING q.item_id, q.project_id, q.priority, q.candidate_ids
            )
            INSERT INTO task (project_id, item_id, kind, priority, candidate_order, extra)
            SELECT b.project_id, b.item_id, 'RANK', b.priority,
                   (SELECT jsonb_agg(c ORDER BY random()) FROM jsonb_array_elements(b.candidate_ids) c), true
            FROM bumped b
            """;

    /** By hand: {@code :count} slots at once, each with its own order, counted like the others. */
    static final String ADD_REQUESTED = """
            WITH bumped AS (
                UPDATE queue_item q SET extra_rankings = q.extra_rankings + :count, updated_at = now()
                WHERE q.item_id = :item AND NOT q.gold AND jsonb_array_length(q.candidate_ids) >= 2
                RETURNING q.item_id, q.project_id, q.priority, q.candidate_ids
            )
            INSERT INTO task (project_id, item_id, kind, priority, candidate_order, extra)
            SELECT b.project_id, b.item_id, 'RANK', b.priority,
                   (SELECT jsonb_agg(c ORDER BY random()) FROM jsonb_array_elements(b.candidate_ids) c
                    WHERE g.n > 0), true
            FROM bumped b CROSS JOIN generate_series(1, :count) AS g(n)
            """;

    private final JdbcClient jdbc;
    private final Projects projects;
    private final Items items;

    ExtraRankings(JdbcClient jdbc, Projects projects, Items items) {
        this.jdbc = jdbc;
        this.projects = projects;
        this.items = items;
    }

    /**
     * What a request added.
     *
     * @param added the extra slots this request made
     * @param extraRankings the extra slots the item has had in all, automatic and requested
     * @param openRankSlots the item's rank slots not yet judged (open or leased), extra ones included
     */
    public record Added(String externalId, int added, int extraRankings, int openRankSlots) {}

    /** The item's extra-slot counter and its rank slots not yet judged. */
    public record ItemSlots(int extraRankings, int openRankSlots) {}

    /**
     * Inside a rank submit's transaction: takes the item's queue row lock (so that the submits of
     * one item take turns here until they commit), and when the item's round is complete, as the
     * statements after the lock see it, asks {@code disagrees} (which reads the item's rankings
     * now) and adds one extra slot by {@link #addAfterRound}. Of two submits completing a round at
     * once, the first to take the lock sees the other's slot still leased and adds nothing; the
     * second sees both rankings. Whether a slot was added.
     */
    @Transactional
    public boolean addIfDisagreeing(long itemId, int maximum, java.util.function.LongPredicate disagrees) {
        boolean extrasLeft = jdbc.sql("SELECT extra_rankings < ? FROM queue_item WHERE item_id = ? FOR UPDATE")
                .params(maximum, itemId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
        // a statement of its own: it reads what was committed while this one waited for the lock
        boolean complete =
                extrasLeft && jdbc.sql("""
                                SELECT NOT EXISTS (
                                    SELECT 1 FROM task t
                                    WHERE t.item_id = ? AND t.kind = 'RANK' AND t.gold_for IS NULL AND t.state <> 'DONE')
                                """).param(itemId).query(Boolean.class).single();
        return complete && disagrees.test(itemId) && addAfterRound(itemId, maximum);
    }

    /**
     * Adds one extra rank slot when the item's round is complete (every rank slot DONE) and it has
     * had fewer than {@code maximum} extra slots; the caller has found its agreement below the
     * threshold. Whether a slot was added.
     */
    @Transactional
    public boolean addAfterRound(long itemId, int maximum) {
        return jdbc.sql(ADD_AFTER_ROUND)
                        .param("item", itemId)
                        .param("max", maximum)
                        .update()
                > 0;
    }

    /**
     * Takes the item's queue row lock until the caller's transaction ends, so that checks of one
     * item take turns: the statements after it read what the item's earlier checks committed.
     * Whether the item is in the queue.
     */
    @Transactional
    public boolean lockItem(long itemId) {
        return jdbc.sql("SELECT 1 FROM queue_item WHERE item_id = ? FOR UPDATE")
                .param(itemId)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /**
     * Adds one extra rank slot to the item for a reason the caller has checked (an unreliable
     * judge), whatever the project's automatic maximum, counted like the others. Gold items and
     * items with fewer than two candidates get none. Whether a slot was added.
     */
    @Transactional
    public boolean addOne(long itemId) {
        return jdbc.sql(ADD_REQUESTED).param("item", itemId).param("count", 1).update() > 0;
    }

    /**
     * Adds {@code count} (1 to {@value #MAX_REQUEST}) extra rank slots to the project's item
     * {@code externalId} at once (administrators only), whatever the project's automatic maximum;
     * they count towards it. 404 for an unknown item, 422 for a count out of range, a gold item or
     * an item with fewer than two candidates.
     */
    @Transactional
    public Added request(String slug, String externalId, int count, AccountPrincipal me) {
        ProjectSettings project = projects.requireVisible(slug, me);
        if (!me.admin()) {
            throw WorkQueueRefusals.adminOnly();
        }
        long itemId = items.requireId(project.id(), externalId);
        if (count < 1 || count > MAX_REQUEST) {
            throw WorkQueueRefusals.extraCount(count, MAX_REQUEST);
        }
        int added = jdbc.sql(ADD_REQUESTED)
                .param("item", itemId)
                .param("count", count)
                .update();
        if (added == 0) {
            boolean gold = jdbc.sql("SELECT gold FROM queue_item WHERE item_id = ?")
                    .param(itemId)
                    .query(Boolean.class)
                    .optional()
                    .orElse(false);
            throw gold ? WorkQueueRefusals.extraForGold(externalId) : WorkQueueRefusals.extraTooFew(externalId);
        }
        ItemSlots slots = slots(itemId);
        return new Added(externalId, added, slots.extraRankings(), slots.openRankSlots());
    }

    /** The item's counter and open rank slots (zeros for an item the queue does not know). */
    @Transactional(readOnly = true)
    public ItemSlots slots(long itemId) {
        return jdbc.sql("""
                        SELECT coalesce((SELECT extra_rankings FROM queue_item WHERE item_id = :item), 0) AS extra,
                               (SELECT count(*) FROM task
                                WHERE item_id = :item AND kind = 'RANK' AND gold_for IS NULL AND state <> 'DONE') AS open
                        """)
                .param("item", itemId)
                .query((rs, n) -> new ItemSlots(rs.getInt("extra"), rs.getInt("open")))
                .single();
    }
}
