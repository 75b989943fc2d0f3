package dev.feedloop.workqueue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SQL of the queue's hot path. Callers own the transaction; every method is one statement.
 */
@Repository
class TaskStore {

    /**
     * Serialises one person's claims (two tabs asking at the same moment get the same task), across
     * servers; claims of different people never wait for each other. The same statement reads
     * whether the person is paused in the project and (when {@code :gold}) whether the project has
     * gold items: what a claim needs to know before it picks a task, at no extra round trip.
     */
    static final String LOCK_PERSON_AND_READ = """
            SELECT pg_advisory_xact_lock(1464947025, (:user % 2147483647)::int) IS NOT NULL AS locked,
                   EXISTS (SELECT 1 FROM project_member m
                           WHERE m.project_id = :project AND m.user_id = :user AND m.paused_at IS NOT NULL) AS paused,
                   (:gold AND EXISTS (SELECT 1 FROM queue_item q WHERE q.project_id = :project AND q.gold)) AS has_gold
            """;

    /**
     * The person's own lease in this project and kind (expired or not, as long as nobody took it
     * over), renewed; the assignment records the guideline version shown now.
     */
    static final String OWN_LEASE = """
            WITH mine AS (
                SELECT id FROM task
                WHERE assignee_id = :user AND project_id = :project AND kind = :kind AND state = 'LEASED'
                ORDER BY leased_at DESC
                LIMIT 1
                FOR NO KEY UPDATE
            ), renewed AS (
                UPDATE task t
                SET lease_expires_at = greatest(t.lease_expires_at, now() + make_interval(secs => :seconds))
                FROM mine
                WHERE t.id = mine.id AND t.state = 'LEASED' AND t.assignee_id = :user
                RETURNING t.id, t.item_id, t.lease_token, t.leased_at, t.lease_expires_at, t.candidate_order
            ), shown AS (
                UPDATE item_assignment a SET guideline_version = :guidelineVersion, updated_at = now()
                FROM renewed r
                WHERE a.item_id = r.item_id AND a.kind = :kind AND a.user_id = :user AND a.lease_token = r.lease_token
                RETURNING a.item_id
            )
            SELECT r.id, r.item_id, r.lease_token, r.lease_expires_at, r.candidate_order::text AS candidate_order,
                   (SELECT count(*) FROM shown) AS assigned
            FROM renewed r
            """;

    /**
     * The end of both claims: records the assignment of the task the {@code claimed} step leased
     * (turning a RELEASED row back into LEASED, leaving any other conflicting row alone) and answers
     * the lease with {@code assigned}, the number of assignments written.
     */
    private static final String ASSIGNED = """
            , assigned AS (
                INSERT INTO item_assignment AS a
                    (item_id, kind, user_id, task_id, state, lease_token, leased_at, guideline_version)
                SELECT c.item_id, :kind, :user, c.id, 'LEASED', c.lease_token, c.leased_at, :guidelineVersion
                FROM claimed c
                ON CONFLICT (item_id, kind, user_id) DO UPDATE
                    SET task_id = excluded.task_id, state = 'LEASED', lease_token = excluded.lease_token,
                        leased_at = excluded.leased_at, guideline_version = excluded.guideline_version,
                        updated_at = now()
                    WHERE a.state = 'RELEASED'
                RETURNING a.item_id
            )
            SELECT c.id, c.item_id, c.lease_token, c.lease_expires_at, c.candidate_order::text AS candidate_order,
                   (SELECT count(*) FROM assigned) AS assigned
            FROM claimed c
            """;

    /**
     * The claim: leases the highest-priority, oldest claimable task (OPEN, or LEASED with the lease
     * expired) of an item the person has not had in this kind, skipping rows other claims hold, and
     * records the assignment in the same statement. The primary key of {@code item_assignment}
     * makes a second live assignment of one person to one item impossible: a conflicting row that
     * is not RELEASED is left alone, the statement reports {@code assigned = 0}, and the caller
     * rolls back.
     */
    static final String CLAIM = """
            WITH picked AS (
                SELECT t.id
                FROM task t
                WHERE t.project_id = :project
                  AND t.kind = :kind
                  AND t.state <> 'DONE'
                  AND t.gold_for IS NULL
                  AND coalesce(t.lease_expires_at, '-infinity'::timestamptz) < now()
                  AND NOT EXISTS (
                      SELECT 1 FROM item_assignment a
                      WHERE a.item_id = t.item_id AND a.kind = :kind AND a.user_id = :user
                        AND a.state <> 'RELEASED')
                ORDER BY t.priority DESC, t.id
                LIMIT 1
                FOR NO KEY UPDATE OF t SKIP LOCKED
            ), claimed AS (
                UPDATE task t
                SET state = 'LEASED', assignee_id = :user, lease_token = :token, leased_at = now(),
                    lease_expires_at = now() + make_interval(secs => :seconds)
                FROM picked
                WHERE t.id = picked.id
                RETURNING t.id, t.item_id, t.lease_token, t.leased_at, t.lease_expires_at, t.candidate_order
            )""" + ASSIGNED;

    /**
     * The gold claim: leases a rank task of a gold item the person has not had (one of the
     * project's gold items, in an order of the person's own), made for them alone: a new task row
     * with its own random candidate order, or the row they released before (its order kept). The
     * assignment is recorded as in {@link #CLAIM}, so the person never gets the item twice.
     */
    static final String GOLD_CLAIM = """
            WITH picked AS (
                SELECT q.item_id, q.candidate_ids
                FROM queue_item q
                WHERE q.project_id = :project AND q.gold AND jsonb_array_length(q.candidate_ids) >= 2
                  AND NOT EXISTS (
                      SELECT 1 FROM item_assignment a
                      WHERE a.item_id = q.item_id AND a.kind = 'RANK' AND a.user_id = :user
                        AND a.state <> 'RELEASED')
                ORDER BY md5(q.item_id::text || '/' || :user::text)
                LIMIT 1
            ), claimed AS (
                INSERT INTO task AS t (project_id, item_id, kind, state, priority, assignee_id, lease_token, leased_at,
                                       lease_expires_at, candidate_order, gold_for)
                SELECT :project, p.item_id, 'RANK', 'LEASED', 0, :user, :token, now(),
                       now() + make_interval(secs => :seconds),
                       (SELECT jsonb_agg(c ORDER BY random()) FROM jsonb_array_elements(p.candidate_ids) c), :user
                FROM picked p
                ON CONFLICT (item_id, gold_for) WHERE gold_for IS NOT NULL DO UPDATE
                    SET state = 'LEASED', assignee_id = excluded.assignee_id, lease_token = excluded.lease_token,
                        leased_at = excluded.leased_at, lease_expires_at = excluded.lease_expires_at
                    WHERE t.state <> 'DONE'
                RETURNING t.id, t.item_id, t.lease_token, t.leased_at, t.lease_expires_at, t.candidate_order
            )""" + ASSIGNED;

    static final String LOCK_TASK = """
            SELECT id, project_id, item_id, kind, state, assignee_id, lease_token, leased_at, lease_expires_at,
                   candidate_order::text AS candidate_order, gold_for IS NOT NULL AS gold,
                   (SELECT p.xmin::text FROM project p WHERE p.id = task.project_id) AS project_revision
            FROM task WHERE id = :task
            FOR NO KEY UPDATE OF task
            """;

    static final String LOCK_ASSIGNMENT = """
            SELECT item_id, kind, user_id, task_id, state, lease_token, leased_at, guideline_version
            FROM item_assignment
            WHERE item_id = :item AND kind = :kind AND user_id = :user
            FOR NO KEY UPDATE
            """;

    /** Completes a task with the judgment of the lease {@code token} (also when the task was free again). */
    static final String MARK_DONE = """
            UPDATE task
            SET state = 'DONE', done_at = now(), assignee_id = :user, lease_token = :token, leased_at = :leasedAt
            WHERE id = :task AND state <> 'DONE'
            """;

    static final String MARK_ASSIGNMENT = """
            UPDATE item_assignment SET state = :state, updated_at = now()
            WHERE item_id = :item AND kind = :kind AND user_id = :user
            """;

    static final String HEARTBEAT = """
            UPDATE task
            SET lease_expires_at = greatest(lease_expires_at, now() + make_interval(secs => :seconds))
            WHERE id = :task AND state = 'LEASED' AND assignee_id = :user AND lease_token = :token
            RETURNING lease_expires_at
            """;

    static final String REOPEN = """
            UPDATE task
            SET state = 'OPEN', assignee_id = NULL, lease_token = NULL, leased_at = NULL, lease_expires_at = NULL
            WHERE id = :task AND state = 'LEASED' AND lease_token = :token
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    TaskStore(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A lease the claim statement just took or renewed, with what the claim needs to show the task. */
    record NewLease(
            long taskId, long itemId, UUID token, Instant expiresAt, List<String> candidateOrder, int assigned) {}

    /** What {@link #LOCK_PERSON_AND_READ} read with the lock. */
    record PersonInProject(boolean paused, boolean hasGold) {}

    /** Takes the person's claim lock; reads whether they are paused, and (when {@code gold}) whether the project has gold items. */
    PersonInProject lockPerson(long userId, long projectId, boolean gold) {
        return jdbc.sql(LOCK_PERSON_AND_READ)
                .param("user", userId)
                .param("project", projectId)
                .param("gold", gold)
                .query((rs, n) -> new PersonInProject(rs.getBoolean("paused"), rs.getBoolean("has_gold")))
                .single();
    }

    /** Rank tasks the person was handed in the project since gold tasks were counted. */
    long goldPace(long projectId, long userId) {
        return jdbc.sql("SELECT handed_out FROM gold_pace WHERE project_id = ? AND user_id = ?")
                .params(projectId, userId)
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    void countHandedOut(long projectId, long userId) {
        jdbc.sql("""
                        INSERT INTO gold_pace (project_id, user_id, handed_out) VALUES (?, ?, 1)
                        ON CONFLICT (project_id, user_id) DO UPDATE SET handed_out = gold_pace.handed_out + 1
                        """).params(projectId, userId).update();
    }

    Optional<NewLease> claimGold(long projectId, long userId, UUID token, int seconds, int guidelineVersion) {
        return jdbc.sql(GOLD_CLAIM)
                .param("project", projectId)
                .param("kind", TaskKind.RANK.name())
                .param("user", userId)
                .param("token", token)
                .param("seconds", seconds)
                .param("guidelineVersion", guidelineVersion)
                .query(this::leased)
                .optional();
    }

    Optional<NewLease> renewOwnLease(long projectId, TaskKind kind, long userId, int seconds, int guidelineVersion) {
        return jdbc.sql(OWN_LEASE)
                .param("user", userId)
                .param("project", projectId)
                .param("kind", kind.name())
                .param("seconds", seconds)
                .param("guidelineVersion", guidelineVersion)
                .query(this::leased)
                .optional();
    }

    Optional<NewLease> claim(
            long projectId, TaskKind kind, long userId, UUID token, int seconds, int guidelineVersion) {
        return jdbc.sql(CLAIM)
                .param("project", projectId)
                .param("kind", kind.name())
                .param("user", userId)
                .param("token", token)
                .param("seconds", seconds)
                .param("guidelineVersion", guidelineVersion)
                .query(this::leased)
                .optional();
    }

    Optional<TaskRow> lockTask(long taskId) {
        return jdbc.sql(LOCK_TASK).param("task", taskId).query(this::taskRow).optional();
    }

    /** The task without locking it, for reads. */
    Optional<TaskRow> findTask(long taskId) {
        return jdbc.sql(LOCK_TASK.replace("FOR NO KEY UPDATE OF task", ""))
                .param("task", taskId)
                .query(this::taskRow)
                .optional();
    }

    /** Whether the task is one of the project with this slug (one statement, for page URLs). */
    boolean inProject(long taskId, String slug) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM task t JOIN project p ON p.id = t.project_id"
                        + " WHERE t.id = ? AND p.slug = ?)")
                .params(taskId, slug)
                .query(Boolean.class)
                .single();
    }

    Optional<AssignmentRow> lockAssignment(long itemId, TaskKind kind, long userId) {
        return jdbc.sql(LOCK_ASSIGNMENT)
                .param("item", itemId)
                .param("kind", kind.name())
                .param("user", userId)
                .query((rs, n) -> new AssignmentRow(
                        rs.getLong("item_id"),
                        TaskKind.valueOf(rs.getString("kind")),
                        rs.getLong("user_id"),
                        (Long) rs.getObject("task_id"),
                        AssignmentState.valueOf(rs.getString("state")),
                        rs.getObject("lease_token", UUID.class),
                        instant(rs, "leased_at"),
                        (Integer) rs.getObject("guideline_version")))
                .optional();
    }

    void markDone(long taskId, long userId, UUID token, Instant leasedAt) {
        jdbc.sql(MARK_DONE)
                .param("task", taskId)
                .param("user", userId)
                .param("token", token)
                .param("leasedAt", java.sql.Timestamp.from(leasedAt))
                .update();
    }

    /**
     * Whether every task slot of the item is DONE, read after locking the item's queue row: two
     * transactions completing the item's last slots take turns here, and the second one reads the
     * first one's commit.
     */
    boolean itemComplete(long itemId) {
        jdbc.sql("SELECT item_id FROM queue_item WHERE item_id = ? FOR UPDATE")
                .param(itemId)
                .query(Long.class)
                .optional();
        return jdbc.sql(
                        "SELECT NOT EXISTS (SELECT 1 FROM task WHERE item_id = ? AND gold_for IS NULL AND state <> 'DONE')")
                .param(itemId)
                .query(Boolean.class)
                .single();
    }

    void markAssignment(AssignmentRow assignment, AssignmentState state) {
        jdbc.sql(MARK_ASSIGNMENT)
                .param("state", state.name())
                .param("item", assignment.itemId())
                .param("kind", assignment.kind().name())
                .param("user", assignment.userId())
                .update();
    }

    Optional<Instant> heartbeat(long taskId, long userId, UUID token, int seconds) {
        return jdbc.sql(HEARTBEAT)
                .param("task", taskId)
                .param("user", userId)
                .param("token", token)
                .param("seconds", seconds)
                .query((rs, n) -> instant(rs, "lease_expires_at"))
                .optional();
    }

    /** Makes the task OPEN if it is still leased under {@code token}. */
    boolean reopen(long taskId, UUID token) {
        return jdbc.sql(REOPEN).param("task", taskId).param("token", token).update() == 1;
    }

    /** Makes a DONE task OPEN again (its judgment was rejected); the assignments stay as they are. */
    boolean reopenDone(long taskId) {
        return jdbc.sql("""
                        UPDATE task SET state = 'OPEN', assignee_id = NULL, lease_token = NULL, leased_at = NULL,
                            lease_expires_at = NULL, done_at = NULL
                        WHERE id = ? AND state = 'DONE'
                        """).param(taskId).update() == 1;
    }

    void recordSkip(TaskRow task, long userId, SkipReason reason, String note) {
        jdbc.sql("""
                        INSERT INTO task_skip (task_id, project_id, item_id, kind, user_id, reason_code, reason_text)
                        VALUES (:task, :project, :item, :kind, :user, :reason, :note)
                        """)
                .param("task", task.id())
                .param("project", task.projectId())
                .param("item", task.itemId())
                .param("kind", task.kind().name())
                .param("user", userId)
                .param("reason", reason.code())
                .param("note", note)
                .update();
    }

    /** A row of the administrators' lease list: the task and whether its lease ran out, by the database's clock. */
    record LeaseRow(TaskRow task, boolean expired) {}

    /** Current leases of a project, oldest first. */
    List<LeaseRow> leases(long projectId, int limit) {
        return jdbc.sql("""
                        SELECT id, project_id, item_id, kind, state, assignee_id, lease_token, leased_at,
                               lease_expires_at, candidate_order::text AS candidate_order,
                               lease_expires_at < now() AS expired, NULL AS project_revision,
                               gold_for IS NOT NULL AS gold
                        FROM task WHERE project_id = :project AND state = 'LEASED'
                        ORDER BY leased_at, id
                        LIMIT :limit
                        """)
                .param("project", projectId)
                .param("limit", limit)
                .query((rs, n) -> new LeaseRow(taskRow(rs, n), rs.getBoolean("expired")))
                .list();
    }

    private NewLease leased(ResultSet rs, int row) throws SQLException {
        return new NewLease(
                rs.getLong("id"),
                rs.getLong("item_id"),
                rs.getObject("lease_token", UUID.class),
                instant(rs, "lease_expires_at"),
                order(rs.getString("candidate_order")),
                rs.getInt("assigned"));
    }

    private TaskRow taskRow(ResultSet rs, int row) throws SQLException {
        return new TaskRow(
                rs.getLong("id"),
                rs.getLong("project_id"),
                rs.getLong("item_id"),
                TaskKind.valueOf(rs.getString("kind")),
                TaskState.valueOf(rs.getString("state")),
                (Long) rs.getObject("assignee_id"),
                rs.getObject("lease_token", UUID.class),
                instant(rs, "leased_at"),
                instant(rs, "lease_expires_at"),
                order(rs.getString("candidate_order")),
                rs.getString("project_revision"),
                rs.getBoolean("gold"));
    }

    private List<String> order(String text) {
        return text == null ? null : json.readValue(text, new TypeReference<List<String>>() {});
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
