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
 * and the ranking insert), straight over a connection pool: no HTTP, no authentication, no
 * project or item reads, no validation. The limit the server's numbers are compared with.
 */
public final class RawQueue {

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

    /** Claims a rank task for {@code userId} and submits a ranking of it; false when none is left. */
    public boolean cycle(long userId) {
        Optional<TaskStore.Leased> lease = transactions.execute(status -> {
            store.lockPerson(userId);
            Optional<TaskStore.Leased> own = store.renewOwnLease(projectId, TaskKind.RANK, userId, leaseSeconds, 0);
            return own.isPresent()
                    ? own
                    : store.claim(projectId, TaskKind.RANK, userId, UUID.randomUUID(), leaseSeconds, 0);
        });
        if (lease.isEmpty()) {
            return false;
        }
        TaskStore.Leased leased = lease.get();
        transactions.executeWithoutResult(status -> {
            TaskRow task = store.lockTask(leased.taskId()).orElseThrow();
            AssignmentRow assignment =
                    store.lockAssignment(task.itemId(), TaskKind.RANK, userId).orElseThrow();
            if (LeaseCheck.of(task, assignment, leased.token()) != LeaseCheck.HOLDS_LEASE) {
                throw new IllegalStateException("lost lease on task " + task.id());
            }
            List<String> order = task.candidateOrder();
            jdbc.sql(RankingStatements.insert())
                    .param("task", task.id())
                    .param("item", task.itemId())
                    .param("project", projectId)
                    .param("annotator", userId)
                    .param("tiers", json.writeValueAsString(order.stream().map(List::of).toList()))
                    .param("none", false)
                    .param("displayed", json.writeValueAsString(order))
                    .param("ratings", "{}")
                    .param("flags", "{}")
                    .param("strength", null)
                    .param("rationale", null)
                    .param("guidelineVersion", 0)
                    .param("token", leased.token())
                    .param("late", false)
                    .param("startedAt", Timestamp.from(Instant.now()))
                    .param("activeSeconds", 12)
                    .query(Long.class)
                    .single();
            store.markDone(task.id(), userId, leased.token(), assignment.leasedAt());
            store.markAssignment(assignment, AssignmentState.JUDGED);
        });
        return true;
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
            return json.readTree(String.join("", plan)).get(0).at("/Plan/Shared Hit Blocks").asLong()
                    + json.readTree(String.join("", plan)).get(0).at("/Plan/Shared Read Blocks").asLong();
        });
    }
}
