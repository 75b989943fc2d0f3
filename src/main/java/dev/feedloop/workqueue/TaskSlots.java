package dev.feedloop.workqueue;

import dev.feedloop.ingest.GoldAnswersChanged;
import dev.feedloop.ingest.ImportedItem;
import dev.feedloop.ingest.ItemsImported;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.ProjectSettingsChanged;
import dev.feedloop.projects.Projects;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps one task per required judgment: creates slots for imported items (inside the import's
 * transaction) and adds or removes OPEN slots when a project's per-item counts change. A rank task
 * needs at least two candidates; each gets its own random candidate order, fixed once someone has
 * seen it. Gold items get no ordinary rank slots: their rank tasks are made per person by the
 * claim. Extra rank slots ({@link ExtraRankings}) are not ordinary slots: they are neither counted
 * nor removed here.
 *
 * <p>Imports hold a shared advisory lock on the project and settings changes an exclusive one, so
 * a settings change never misses the slots of an import running at the same time.
 */
@Component
class TaskSlots {

    private static final int PROJECT_LOCKS = 1464947026;
    /** Slots or items per statement when reconciling a large project. */
    private static final int CHUNK = 5000;

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final Projects projects;

    TaskSlots(JdbcClient jdbc, DataSource dataSource, JsonMapper json, Projects projects) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.json = json;
        this.projects = projects;
    }

    /** New slot to insert. */
    record Slot(long itemId, String kind, int priority, List<String> candidateOrder) {}

    /** @param gold the item has a gold answer: it gets no ordinary rank slots */
    record QueueItem(long itemId, int priority, List<String> candidateIds, boolean gold) {

        QueueItem(long itemId, int priority, List<String> candidateIds) {
            this(itemId, priority, candidateIds, false);
        }
    }

    @EventListener
    @Transactional
    public void on(ItemsImported event) {
        if (event.items().isEmpty()) {
            return;
        }
        lockProject(event.projectId(), true);
        ProjectSettings project = projects.get(event.projectId());
        Map<Long, ImportedItem> imported = new LinkedHashMap<>();
        event.items().forEach(item -> imported.put(item.itemId(), item));
        List<Long> updatedIds = imported.values().stream()
                .filter(item -> !item.newItem())
                .map(ImportedItem::itemId)
                .toList();
        Map<Long, QueueItem> before = updatedIds.isEmpty() ? Map.of() : lockQueueItems(updatedIds);
        Map<Long, Map<String, Integer>> present = updatedIds.isEmpty() ? Map.of() : slotCounts(updatedIds);

        upsertQueueItems(event.projectId(), imported.values());

        List<Slot> slots = new ArrayList<>();
        for (ImportedItem item : imported.values()) {
            Map<String, Integer> counts = present.getOrDefault(item.itemId(), Map.of());
            QueueItem old = before.get(item.itemId());
            QueueItem queued =
                    new QueueItem(item.itemId(), item.priority(), item.candidateIds(), old != null && old.gold());
            addMissing(slots, queued, TaskKind.WRITE, desired(project, TaskKind.WRITE, queued), counts);
            addMissing(slots, queued, TaskKind.RANK, desired(project, TaskKind.RANK, queued), counts);
            if (old != null) {
                if (old.priority() != item.priority()) {
                    reprioritise(item.itemId(), item.priority());
                }
                if (!new HashSet<>(old.candidateIds()).equals(new HashSet<>(item.candidateIds()))) {
                    reshuffleUnseen(item.itemId(), item.candidateIds());
                }
            }
        }
        insert(event.projectId(), slots);
    }

    @EventListener
    @Transactional
    public void on(ProjectSettingsChanged event) {
        lockProject(event.projectId(), false);
        ProjectSettings project = projects.get(event.projectId());
        for (TaskKind kind : TaskKind.values()) {
            reconcile(project, kind);
        }
    }

    /**
     * Gold items lose their untouched OPEN rank slots (their rank tasks are gold tasks, made per
     * person); items whose gold answer was removed get their ordinary rank slots back.
     */
    @EventListener
    @Transactional
    public void on(GoldAnswersChanged event) {
        lockProject(event.projectId(), true);
        List<Long> changed = new ArrayList<>(event.goldItemIds());
        changed.addAll(event.clearedItemIds());
        jdbc.sql("""
                        UPDATE queue_item SET gold = (item_id = ANY(:gold)), updated_at = now()
                        WHERE item_id = ANY(:changed)
                        """)
                .param("gold", event.goldItemIds().toArray(Long[]::new))
                .param("changed", changed.toArray(Long[]::new))
                .update();
        Map<Long, Map<String, Integer>> present = slotCounts(changed);
        List<Map<String, Object>> surplus = new ArrayList<>();
        for (long itemId : event.goldItemIds()) {
            int slots = present.getOrDefault(itemId, Map.of()).getOrDefault(TaskKind.RANK.name(), 0);
            if (slots > 0) {
                surplus.add(Map.of("item_id", itemId, "surplus", slots));
            }
        }
        if (!surplus.isEmpty()) {
            removeOpen(TaskKind.RANK, surplus);
        }
        // extra slots are rank tasks like the others: a gold item keeps none nobody has touched
        jdbc.sql("""
                        DELETE FROM task t
                        WHERE t.item_id = ANY(:gold) AND t.extra AND t.state = 'OPEN'
                          AND NOT EXISTS (SELECT 1 FROM item_assignment a WHERE a.task_id = t.id)
                        """).param("gold", event.goldItemIds().toArray(Long[]::new)).update();
        if (event.clearedItemIds().isEmpty()) {
            return;
        }
        ProjectSettings project = projects.get(event.projectId());
        List<Slot> slots = new ArrayList<>();
        for (QueueItem item : lockQueueItems(event.clearedItemIds()).values()) {
            addMissing(
                    slots,
                    item,
                    TaskKind.RANK,
                    desired(project, TaskKind.RANK, item),
                    present.getOrDefault(item.itemId(), Map.of()));
        }
        insert(event.projectId(), slots);
    }

    private void reconcile(ProjectSettings project, TaskKind kind) {
        int perItem = kind == TaskKind.WRITE ? project.demonstrationsPerItem() : project.rankingsPerItem();
        record Count(QueueItem item, int desired, int present) {}
        List<Count> off = jdbc.sql("""
                        SELECT q.item_id, q.priority, q.candidate_ids::text AS candidate_ids, d.desired,
                               coalesce(t.present, 0) AS present
                        FROM queue_item q
                        CROSS JOIN LATERAL (
                            SELECT CASE WHEN :kind = 'RANK' AND q.gold THEN 0
                                        WHEN :kind = 'WRITE' OR jsonb_array_length(q.candidate_ids) >= 2
                                        THEN :perItem ELSE 0 END AS desired) d
                        LEFT JOIN (
                            SELECT item_id, count(*) AS present FROM task
                            WHERE project_id = :project AND kind = :kind AND gold_for IS NULL AND NOT extra
                            GROUP BY item_id) t ON t.item_id = q.item_id
                        WHERE q.project_id = :project AND d.desired <> coalesce(t.present, 0)
                        ORDER BY q.item_id
                        """)
                .param("kind", kind.name())
                .param("perItem", perItem)
                .param("project", project.id())
                .query((rs, n) -> new Count(
                        new QueueItem(
                                rs.getLong("item_id"),
                                rs.getInt("priority"),
                                json.readValue(rs.getString("candidate_ids"), STRINGS)),
                        rs.getInt("desired"),
                        rs.getInt("present")))
                .list();
        List<Slot> slots = new ArrayList<>();
        List<Map<String, Object>> surplus = new ArrayList<>();
        for (Count count : off) {
            if (count.present() < count.desired()) {
                addMissing(slots, count.item(), kind, count.desired(), Map.of(kind.name(), count.present()));
            } else {
                surplus.add(Map.of("item_id", count.item().itemId(), "surplus", count.present() - count.desired()));
            }
            if (slots.size() >= CHUNK) {
                insert(project.id(), slots);
                slots.clear();
            }
            if (surplus.size() >= CHUNK) {
                removeOpen(kind, surplus);
                surplus.clear();
            }
        }
        insert(project.id(), slots);
        if (!surplus.isEmpty()) {
            removeOpen(kind, surplus);
        }
    }

    /**
     * Deletes up to the surplus of OPEN slots per item: never LEASED or DONE ones, and never one a
     * person still holds a lost lease on or has judged late (their judgment points to it). Slots
     * nobody has touched go first. Skips and releases on a removed slot stay recorded for the item.
     */
    private void removeOpen(TaskKind kind, List<Map<String, Object>> surplus) {
        jdbc.sql("""
                        WITH surplus AS (
                            SELECT * FROM jsonb_to_recordset(:rows::jsonb) AS r(item_id bigint, surplus int)
                        ), ranked AS (
                            SELECT t.id, t.item_id,
                                   row_number() OVER (
                                       PARTITION BY t.item_id
                                       ORDER BY EXISTS (SELECT 1 FROM item_assignment a WHERE a.task_id = t.id), t.id DESC
                                   ) AS rn
                            FROM task t JOIN surplus s ON s.item_id = t.item_id
                            WHERE t.kind = :kind AND t.state = 'OPEN' AND t.gold_for IS NULL AND NOT t.extra
                              AND NOT EXISTS (
                                  SELECT 1 FROM item_assignment a
                                  WHERE a.task_id = t.id AND a.state IN ('LEASED', 'JUDGED'))
                        )
                        DELETE FROM task t
                        USING ranked r, surplus s
                        WHERE t.id = r.id AND s.item_id = r.item_id AND r.rn <= s.surplus AND t.state = 'OPEN'
                        """)
                .param("rows", json.writeValueAsString(surplus))
                .param("kind", kind.name())
                .update();
    }

    private static int desired(ProjectSettings project, TaskKind kind, QueueItem item) {
        return switch (kind) {
            case WRITE -> project.demonstrationsPerItem();
            case RANK -> item.candidateIds().size() >= 2 && !item.gold() ? project.rankingsPerItem() : 0;
        };
    }

    private static void addMissing(
            List<Slot> slots, QueueItem item, TaskKind kind, int desired, Map<String, Integer> present) {
        int missing = desired - present.getOrDefault(kind.name(), 0);
        for (int i = 0; i < missing; i++) {
            slots.add(new Slot(
                    item.itemId(),
                    kind.name(),
                    item.priority(),
                    kind == TaskKind.RANK ? shuffled(item.candidateIds()) : null));
        }
    }

    private static List<String> shuffled(List<String> ids) {
        List<String> order = new ArrayList<>(ids);
        Collections.shuffle(order, ThreadLocalRandom.current());
        return order;
    }

    private void lockProject(long projectId, boolean shared) {
        String function = shared ? "pg_advisory_xact_lock_shared" : "pg_advisory_xact_lock";
        jdbc.sql("SELECT " + function + "(" + PROJECT_LOCKS + ", (:project % 2147483647)::int)")
                .param("project", projectId)
                .query((rs, n) -> 1)
                .list();
    }

    private Map<Long, QueueItem> lockQueueItems(List<Long> itemIds) {
        Map<Long, QueueItem> result = new HashMap<>();
        jdbc.sql("""
                        SELECT item_id, priority, candidate_ids::text AS candidate_ids, gold FROM queue_item
                        WHERE item_id IN (SELECT value::bigint FROM jsonb_array_elements_text(:ids::jsonb))
                        ORDER BY item_id
                        FOR UPDATE
                        """)
                .param("ids", json.writeValueAsString(itemIds))
                .query((rs, n) -> new QueueItem(
                        rs.getLong("item_id"),
                        rs.getInt("priority"),
                        json.readValue(rs.getString("candidate_ids"), STRINGS),
                        rs.getBoolean("gold")))
                .list()
                .forEach(item -> result.put(item.itemId(), item));
        return result;
    }

    private Map<Long, Map<String, Integer>> slotCounts(List<Long> itemIds) {
        Map<Long, Map<String, Integer>> result = new HashMap<>();
        jdbc.sql("""
                        SELECT item_id, kind, count(*) AS n FROM task
                        WHERE item_id IN (SELECT value::bigint FROM jsonb_array_elements_text(:ids::jsonb))
                          AND gold_for IS NULL AND NOT extra
                        GROUP BY item_id, kind
                        """)
                .param("ids", json.writeValueAsString(itemIds))
                .query((rs, n) -> {
                    result.computeIfAbsent(rs.getLong("item_id"), id -> new HashMap<>())
                            .put(rs.getString("kind"), rs.getInt("n"));
                    return 1;
                })
                .list();
        return result;
    }

    /**
     * New items' rows go in with {@code COPY} (they cannot be there yet); items that received new
     * candidates update theirs.
     */
    private void upsertQueueItems(long projectId, Iterable<ImportedItem> items) {
        StringBuilder fresh = new StringBuilder(1 << 16);
        List<Map<String, Object>> updated = new ArrayList<>();
        for (ImportedItem item : items) {
            if (item.newItem()) {
                fresh.append(item.itemId())
                        .append('\t')
                        .append(projectId)
                        .append('\t')
                        .append(item.priority())
                        .append('\t');
                copyText(fresh, json.writeValueAsString(item.candidateIds()));
                fresh.append('\n');
            } else {
                updated.add(Map.of(
                        "item_id", item.itemId(), "priority", item.priority(), "candidate_ids", item.candidateIds()));
            }
        }
        copy("COPY queue_item (item_id, project_id, priority, candidate_ids) FROM STDIN", fresh);
        if (updated.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        INSERT INTO queue_item (item_id, project_id, priority, candidate_ids)
                        SELECT r.item_id, :project, r.priority, r.candidate_ids
                        FROM jsonb_to_recordset(:rows::jsonb) AS r(item_id bigint, priority int, candidate_ids jsonb)
                        ON CONFLICT (item_id) DO UPDATE
                            SET priority = excluded.priority, candidate_ids = excluded.candidate_ids, updated_at = now()
                        """)
                .param("project", projectId)
                .param("rows", json.writeValueAsString(updated))
                .update();
    }

    private void reprioritise(long itemId, int priority) {
        jdbc.sql(
                        "UPDATE task SET priority = :priority WHERE item_id = :item AND state <> 'DONE' AND priority <> :priority")
                .param("priority", priority)
                .param("item", itemId)
                .update();
    }

    /** New candidates: OPEN rank tasks nobody has seen yet get a fresh order over all of them. */
    private void reshuffleUnseen(long itemId, List<String> candidateIds) {
        List<Long> unseen =
                jdbc.sql("""
                        SELECT t.id FROM task t
                        WHERE t.item_id = :item AND t.kind = 'RANK' AND t.state = 'OPEN'
                          AND NOT EXISTS (SELECT 1 FROM item_assignment a WHERE a.task_id = t.id)
                        """).param("item", itemId).query(Long.class).list();
        for (long taskId : unseen) {
            jdbc.sql("UPDATE task SET candidate_order = :order::jsonb WHERE id = :task AND state = 'OPEN'")
                    .param("order", json.writeValueAsString(shuffled(candidateIds)))
                    .param("task", taskId)
                    .update();
        }
    }

    /** Inserts new slots with {@code COPY}. */
    private void insert(long projectId, List<Slot> slots) {
        if (slots.isEmpty()) {
            return;
        }
        StringBuilder rows = new StringBuilder(slots.size() * 64);
        for (Slot slot : slots) {
            rows.append(projectId)
                    .append('\t')
                    .append(slot.itemId())
                    .append('\t')
                    .append(slot.kind())
                    .append('\t')
                    .append(slot.priority())
                    .append('\t');
            if (slot.candidateOrder() == null) {
                rows.append("\\N");
            } else {
                copyText(rows, json.writeValueAsString(slot.candidateOrder()));
            }
            rows.append('\n');
        }
        copy("COPY task (project_id, item_id, kind, priority, candidate_order) FROM STDIN", rows);
    }

    /** Runs {@code COPY ... FROM STDIN} with {@code rows} on the transaction's connection. */
    private void copy(String statement, CharSequence rows) {
        if (rows.isEmpty()) {
            return;
        }
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            connection.unwrap(PGConnection.class).getCopyAPI().copyIn(statement, new StringReader(rows.toString()));
        } catch (SQLException e) {
            throw new SQLStateSQLExceptionTranslator().translate("task slots", statement, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** {@code value} as a column of {@code COPY}'s text format. */
    private static void copyText(StringBuilder row, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> row.append("\\\\");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                case '\t' -> row.append("\\t");
                default -> row.append(c);
            }
        }
    }
}
