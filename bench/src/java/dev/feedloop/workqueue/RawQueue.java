package dev.feedloop.workqueue;

import dev.feedloop.ranking.RankingStatements;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The statements of one claim + submit cycle, exactly as the server runs them ({@link TaskStore}
 * and the judgment insert), straight over a connection pool: no HTTP, no authentication, no
 * project or item reads, no validation. The limit the server's numbers are compared with.
 */
public final class RawQueue {

    /**
     * The demonstration insert, the draft removal and the review queue entry of a write submit, as
     * {@code DemonstrationRecorder} and the review module's listener run them.
     */
    private static final String INSERT_DEMONSTRATION = """
            INSERT INTO demonstration (task_id, item_id, project_id, author_id, content,
                based_on_candidate_id, guideline_version, lease_token, late, started_at, active_seconds)
            VALUES (:task, :item, :project, :author, :content, :basedOn, :guidelineVersion, :token, :late,
                :startedAt, :activeSeconds)
            RETURNING id
            """;

    private static final String DELETE_DRAFT = "DELETE FROM draft WHERE task_id = ? AND user_id = ?";

    private static final String QUEUE_FOR_REVIEW = """
            INSERT INTO review_pending (demonstration_id, project_id, author_id, submitted_at)
            SELECT id, project_id, author_id, submitted_at FROM demonstration WHERE id = ?
            ON CONFLICT DO NOTHING
            """;

    private final TaskStore store;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate transactions;
    private final long projectId;
    private final int leaseSeconds;

    public RawQueue(DataSource dataSource, JsonMapper json, long projectId, int leaseSeconds) {
        this.jdbc = JdbcClient.create(dataSource);
        this.store = new TaskStore(jdbc, json);
        this.json = json;
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.projectId = projectId;
        this.leaseSeconds = leaseSeconds;
    }

    /** A lease taken by {@link #claim}. */
    public record Lease(long userId, TaskKind kind, long taskId, UUID token) {}

    /** Claims a rank task for {@code userId} and submits a ranking of it; false when none is left. */
    public boolean cycle(long userId) {
        return cycle(TaskKind.RANK, userId);
    }

    /** Claims a task of this kind for {@code userId} and submits a judgment; false when none is left. */
    public boolean cycle(TaskKind kind, long userId) {
        Optional<Lease> lease = claim(kind, userId);
        lease.ifPresent(this::submit);
        return lease.isPresent();
    }

    /** The person's own lease renewed, else a new one, as the server's "next task" takes it. */
    public Optional<Lease> claim(TaskKind kind, long userId) {
        return transactions.execute(status -> {
            store.lockPerson(userId, projectId, kind == TaskKind.RANK);
            Optional<TaskStore.NewLease> own = store.renewOwnLease(projectId, kind, userId, leaseSeconds, 0);
            return (own.isPresent() ? own : store.claim(projectId, kind, userId, UUID.randomUUID(), leaseSeconds, 0))
                    .map(leased -> new Lease(userId, kind, leased.taskId(), leased.token()));
        });
    }

    /** Stores a judgment under the lease and completes the task, as the server's submit does. */
    public void submit(Lease lease) {
        transactions.executeWithoutResult(status -> {
            TaskRow task = store.lockTask(lease.taskId()).orElseThrow();
            AssignmentRow assignment = store.lockAssignment(task.itemId(), lease.kind(), lease.userId())
                    .orElseThrow();
            if (LeaseCheck.of(task, assignment, lease.token()) != LeaseCheck.HOLDS_LEASE) {
                throw new IllegalStateException("lost lease on task " + task.id());
            }
            if (lease.kind() == TaskKind.RANK) {
                insertRanking(lease, task);
            } else {
                insertDemonstration(lease, task);
            }
            store.markDone(task.id(), lease.userId(), lease.token(), assignment.leasedAt());
            store.markAssignment(assignment, AssignmentState.JUDGED);
        });
    }

    private void insertRanking(Lease lease, TaskRow task) {
        List<String> order = task.candidateOrder();
        jdbc.sql(RankingStatements.insert())
                .param("task", task.id())
                .param("item", task.itemId())
                .param("project", projectId)
                .param("annotator", lease.userId())
                .param(
                        "tiers",
                        json.writeValueAsString(order.stream().map(List::of).toList()))
                .param("none", false)
                .param("displayed", json.writeValueAsString(order))
                .param("ratings", "{}")
                .param("flags", "{}")
                .param("strength", null)
                .param("rationale", null)
                .param("guidelineVersion", 0)
                .param("token", lease.token())
                .param("late", false)
                .param("startedAt", Timestamp.from(Instant.now()))
                .param("activeSeconds", 12)
                .query(Long.class)
                .single();
    }

    private void insertDemonstration(Lease lease, TaskRow task) {
        long id = jdbc.sql(INSERT_DEMONSTRATION)
                .param("task", task.id())
                .param("item", task.itemId())
                .param("project", projectId)
                .param("author", lease.userId())
                .param("content", "A written answer of the usual length for task " + task.id() + ".")
                .param("basedOn", null)
                .param("guidelineVersion", 0)
                .param("token", lease.token())
                .param("late", false)
                .param("startedAt", Timestamp.from(Instant.now()))
                .param("activeSeconds", 60)
                .query(Long.class)
                .single();
        jdbc.sql(DELETE_DRAFT).params(task.id(), lease.userId()).update();
        jdbc.sql(QUEUE_FOR_REVIEW).param(id).update();
    }

    /**
     * Shared buffers one claim statement touches for {@code userId} right now (run and rolled back):
     * how much of the claim index it reads to find a claimable task.
     */
    public long claimBuffers(long userId) {
        return transactions.execute(status -> {
            status.setRollbackOnly();
            List<String> plan = jdbc.sql("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + TaskStore.CLAIM)
                    .param("project", projectId)
                    .param("kind", TaskKind.RANK.name())
                    .param("user", userId)
                    .param("token", UUID.randomUUID())
                    .param("seconds", leaseSeconds)
                    .param("guidelineVersion", 0)
                    .query(String.class)
                    .list();
            return json.readTree(String.join("", plan))
                            .get(0)
                            .at("/Plan/Shared Hit Blocks")
                            .asLong()
                    + json.readTree(String.join("", plan))
                            .get(0)
                            .at("/Plan/Shared Read Blocks")
                            .asLong();
        });
    }
}
