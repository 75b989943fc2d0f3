package dev.feedloop.workqueue;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A write slot an item must have whatever its project's number of demonstrations per item (a fix
 * task made from production feedback). The slot is marked {@code extra}, like extra rank slots, so
 * that settings changes neither count nor remove it.
 */
@Service
public class WriteSlots {

    private final JdbcClient jdbc;

    WriteSlots(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * In the caller's transaction, after the item's slots were made: adds one write slot when the
     * item has none. Whether one was added.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean ensureOne(long itemId) {
        return jdbc.sql("""
                        INSERT INTO task (project_id, item_id, kind, priority, extra)
                        SELECT q.project_id, q.item_id, 'WRITE', q.priority, true
                        FROM queue_item q
                        WHERE q.item_id = :item
                          AND NOT EXISTS (SELECT 1 FROM task t WHERE t.item_id = :item AND t.kind = 'WRITE')
                        """).param("item", itemId).update() > 0;
    }
}
