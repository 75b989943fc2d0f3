package dev.feedloop.generation;

import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.jobs.Jobs;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Use cases on generation runs; site admins only. Starting a run writes the run, one unit per
 * (item, endpoint, sample) and its job in one transaction; the job does the rest ({@link RunWorker}).
 */
@Service
public class GenerationRuns {

    static final int MAX_SAMPLES = 20;
    /** The kind of the runs this class answers for; judge runs ({@link JudgeRuns}) are {@code JUDGE}. */
    static final String KIND = "GENERATE";

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {};

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Projects projects;
    private final Jobs jobs;
    private final CustomTask<Void> task;
    private final GenerationProperties.Runs settings;

    GenerationRuns(
            JdbcClient jdbc,
            JsonMapper json,
            Projects projects,
            Jobs jobs,
            CustomTask<Void> generationRunTask,
            GenerationProperties properties) {
        this.jdbc = jdbc;
        this.json = json;
        this.projects = projects;
        this.jobs = jobs;
        this.task = generationRunTask;
        this.settings = properties.runs();
    }

    @Transactional
    public RunView start(AccountPrincipal actor, String slug, RunRequest request) {
        ProjectSettings project = requireAdmin(actor, slug);
        List<Long> endpointIds = new ArrayList<>(new LinkedHashSet<>(request.endpointIds()));
        if (endpointIds.isEmpty()) {
            throw GenerationRefusals.noEndpoints();
        }
        if (request.samples() < 1 || request.samples() > MAX_SAMPLES) {
            throw GenerationRefusals.badSamples(MAX_SAMPLES);
        }
        boolean fewerThan = request.items() == RunRequest.RunItems.FEWER_THAN;
        if (fewerThan && (request.fewerThan() == null || request.fewerThan() < 1 || request.fewerThan() > 1000)) {
            throw GenerationRefusals.badFewerThan();
        }
        Map<String, String> metadata = request.metadata() == null ? Map.of() : request.metadata();
        if (metadata.keySet().stream().anyMatch(key -> key == null || key.isBlank())) {
            throw GenerationRefusals.badMetadata();
        }
        long runId = jdbc.sql("""
                        INSERT INTO generation_run (project_id, items, fewer_than, metadata_filter, samples, seed, created_by)
                        VALUES (:project, :items, :fewerThan, :metadata::jsonb, :samples, :seed, :user)
                        RETURNING id
                        """)
                .param("project", project.id())
                .param("items", request.items().name())
                .param("fewerThan", fewerThan ? request.fewerThan() : null)
                .param("metadata", metadata.isEmpty() ? null : json.writeValueAsString(metadata))
                .param("samples", request.samples())
                .param("seed", request.seed())
                .param("user", actor.id())
                .query(Long.class)
                .single();
        int endpointsAdded = jdbc.sql("""
                        INSERT INTO generation_run_endpoint (run_id, endpoint_id, name, model, prompt_price_per_1k,
                                                             completion_price_per_1k)
                        SELECT :run, e.id, e.name, e.model, e.prompt_price_per_1k, e.completion_price_per_1k
                        FROM model_endpoint e WHERE e.id = ANY(:ids)
                        """)
                .param("run", runId)
                .param("ids", endpointIds.toArray(Long[]::new))
                .update();
        if (endpointsAdded != endpointIds.size()) {
            throw GenerationRefusals.unknownEndpoint();
        }
        int units = jdbc.sql("""
                        INSERT INTO generation_unit (run_id, endpoint_id, item_id, sample)
                        SELECT :run, re.endpoint_id, i.id, s.sample
                        FROM item i
                        CROSS JOIN generation_run_endpoint re
                        CROSS JOIN generate_series(1, :samples) AS s(sample)
                        WHERE i.project_id = :project AND re.run_id = :run
                          AND (CAST(:metadata AS jsonb) IS NULL OR i.metadata @> CAST(:metadata AS jsonb))
                          AND (CAST(:fewerThan AS int) IS NULL
                               OR (SELECT count(*) FROM candidate c WHERE c.item_id = i.id) < CAST(:fewerThan AS int))
                        ORDER BY i.id, re.endpoint_id, s.sample
                        """)
                .param("run", runId)
                .param("project", project.id())
                .param("samples", request.samples())
                .param("metadata", metadata.isEmpty() ? null : json.writeValueAsString(metadata))
                .param("fewerThan", fewerThan ? request.fewerThan() : null)
                .update();
        if (units == 0) {
            throw GenerationRefusals.noItems();
        }
        jdbc.sql("UPDATE generation_run SET units_total = :units WHERE id = :run")
                .param("units", units)
                .param("run", runId)
                .update();
        scheduleWorkers(runId);
        return view(project.id(), runId, KIND);
    }

    @Transactional(readOnly = true)
    public List<RunView> list(AccountPrincipal actor, String slug) {
        ProjectSettings project = requireAdmin(actor, slug);
        return views(project.id(), null, KIND);
    }

    /** The project's runs of both kinds, generation and judge runs, newest first (at most 50). */
    @Transactional(readOnly = true)
    public List<RunView> listAllKinds(AccountPrincipal actor, String slug) {
        return views(requireAdmin(actor, slug).id(), null, null);
    }

    /** One run of either kind ({@link RunView#isJudge()} tells which). */
    @Transactional(readOnly = true)
    public RunView getAnyKind(AccountPrincipal actor, String slug, long runId) {
        return view(requireAdmin(actor, slug).id(), runId, null);
    }

    @Transactional(readOnly = true)
    public RunView get(AccountPrincipal actor, String slug, long runId) {
        return view(requireAdmin(actor, slug).id(), runId, KIND);
    }

    /** The run's failed units, oldest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<RunFailure> failures(AccountPrincipal actor, String slug, long runId, int limit) {
        return failures(requireAdmin(actor, slug).id(), runId, KIND, limit);
    }

    List<RunFailure> failures(long project, long runId, String kind, int limit) {
        view(project, runId, kind);
        return jdbc.sql("""
                        SELECT i.external_id, re.name, u.sample, u.attempts, u.error_code, u.error, u.finished_at
                        FROM generation_unit u
                        JOIN item i ON i.id = u.item_id
                        JOIN generation_run_endpoint re ON re.run_id = u.run_id AND re.endpoint_id = u.endpoint_id
                        WHERE u.run_id = :run AND u.state = 'FAILED'
                        ORDER BY u.finished_at, u.id
                        LIMIT :limit
                        """)
                .param("run", runId)
                .param("limit", Math.max(1, Math.min(limit, 500)))
                .query((rs, n) -> new RunFailure(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getInt(3),
                        rs.getInt(4),
                        rs.getString(5),
                        rs.getString(6),
                        instant(rs.getTimestamp(7))))
                .list();
    }

    /**
     * Stops handing out the run's units: pending ones become CANCELLED; units already sent finish
     * and their answers are kept.
     */
    @Transactional
    public RunView cancel(AccountPrincipal actor, String slug, long runId) {
        return cancel(actor, requireAdmin(actor, slug).id(), runId, KIND);
    }

    RunView cancel(AccountPrincipal actor, long project, long runId, String kind) {
        RunView run = lockedView(project, runId, kind);
        if (!run.isRunning()) {
            throw GenerationRefusals.notRunning(runId);
        }
        jdbc.sql("""
                        UPDATE generation_run SET status = 'CANCELLED', finished_at = now(), cancelled_by = :user
                        WHERE id = :run
                        """).param("run", runId).param("user", actor.id()).update();
        jdbc.sql("""
                        UPDATE generation_unit SET state = 'CANCELLED', finished_at = now()
                        WHERE run_id = :run AND state = 'PENDING'
                        """).param("run", runId).update();
        return view(project, runId, kind);
    }

    /** Sends the run's failed units again (with a fresh count of attempts); the run runs again. */
    @Transactional
    public RunView retryFailed(AccountPrincipal actor, String slug, long runId) {
        return retryFailed(requireAdmin(actor, slug).id(), runId, KIND);
    }

    RunView retryFailed(long project, long runId, String kind) {
        RunView run = lockedView(project, runId, kind);
        if ("CANCELLED".equals(run.status())) {
            throw GenerationRefusals.cancelled(runId);
        }
        if (run.failed() == 0) {
            throw GenerationRefusals.nothingFailed(runId);
        }
        jdbc.sql("""
                        UPDATE generation_unit
                        SET state = 'PENDING', attempts = 0, next_attempt_at = now(), finished_at = NULL
                        WHERE run_id = :run AND state = 'FAILED'
                        """).param("run", runId).update();
        jdbc.sql("UPDATE generation_run SET status = 'RUNNING', finished_at = NULL WHERE id = :run")
                .param("run", runId)
                .update();
        scheduleWorkers(runId);
        return view(project, runId, kind);
    }

    void scheduleWorkers(long runId) {
        for (String id : RunWorker.workerIds(runId, settings.workersPerRun())) {
            jobs.scheduleIfAbsent(task.schedulableInstance(id));
        }
    }

    private RunView lockedView(long projectId, long runId, String kind) {
        jdbc.sql("SELECT id FROM generation_run WHERE id = :run AND project_id = :project AND kind = :kind FOR UPDATE")
                .param("run", runId)
                .param("project", projectId)
                .param("kind", kind)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> GenerationRefusals.runNotFound(runId));
        return view(projectId, runId, kind);
    }

    RunView view(long projectId, long runId, @Nullable String kind) {
        List<RunView> found = views(projectId, runId, kind);
        if (found.isEmpty()) {
            throw GenerationRefusals.runNotFound(runId);
        }
        return found.getFirst();
    }

    /** The project's runs (newest first, at most 50), or the one run {@code runId}; of any kind when {@code kind} is null. */
    List<RunView> views(long projectId, @Nullable Long runId, @Nullable String kind) {
        Map<Long, List<RunView.RunEndpointView>> endpoints = new HashMap<>();
        jdbc.sql("""
                        SELECT re.run_id, re.endpoint_id, re.name, re.model
                        FROM generation_run_endpoint re JOIN generation_run r ON r.id = re.run_id
                        WHERE r.project_id = :project AND (CAST(:run AS bigint) IS NULL OR r.id = :run)
                        ORDER BY re.name
                        """)
                .param("project", projectId)
                .param("run", runId)
                .query((rs, n) -> endpoints
                        .computeIfAbsent(rs.getLong(1), id -> new ArrayList<>())
                        .add(new RunView.RunEndpointView(rs.getLong(2), rs.getString(3), rs.getString(4))))
                .list();
        return jdbc.sql("""
                        SELECT r.*, c.*, k.estimated_cost, a.display_name AS started_by
                        FROM generation_run r
                        LEFT JOIN app_user a ON a.id = r.created_by
                        CROSS JOIN LATERAL (
                            SELECT CASE WHEN bool_or(re.prompt_price_per_1k IS NULL OR re.completion_price_per_1k IS NULL)
                                        THEN NULL
                                        ELSE round(coalesce(sum(t.prompt * re.prompt_price_per_1k
                                                                + t.completion * re.completion_price_per_1k) / 1000, 0), 6)
                                   END AS estimated_cost
                            FROM generation_run_endpoint re
                            CROSS JOIN LATERAL (
                                SELECT coalesce(sum(u.prompt_tokens), 0) AS prompt,
                                       coalesce(sum(u.completion_tokens), 0) AS completion
                                FROM generation_unit u
                                WHERE u.run_id = re.run_id AND u.endpoint_id = re.endpoint_id) t
                            WHERE re.run_id = r.id) k
                        CROSS JOIN LATERAL (
                            SELECT count(*) FILTER (WHERE u.state = 'DONE') AS done,
                                   count(*) FILTER (WHERE u.state = 'FAILED') AS failed,
                                   count(*) FILTER (WHERE u.state IN ('PENDING', 'RUNNING')) AS remaining,
                                   count(*) FILTER (WHERE u.state = 'RUNNING' AND u.lease_until > now()) AS in_flight,
                                   count(*) FILTER (WHERE u.state = 'CANCELLED') AS cancelled_units,
                                   coalesce(sum(u.prompt_tokens), 0) AS prompt_tokens,
                                   coalesce(sum(u.completion_tokens), 0) AS completion_tokens
                            FROM generation_unit u WHERE u.run_id = r.id) c
                        WHERE r.project_id = :project AND (CAST(:run AS bigint) IS NULL OR r.id = :run)
                          AND (CAST(:kind AS text) IS NULL OR r.kind = :kind)
                        ORDER BY r.id DESC
                        LIMIT 50
                        """)
                .param("project", projectId)
                .param("run", runId)
                .param("kind", kind)
                .query((rs, n) -> view(rs, endpoints.getOrDefault(rs.getLong("id"), List.of())))
                .list();
    }

    private RunView view(ResultSet rs, List<RunView.RunEndpointView> endpoints) throws SQLException {
        String metadata = rs.getString("metadata_filter");
        int done = rs.getInt("done");
        int failed = rs.getInt("failed");
        int remaining = rs.getInt("remaining");
        String status = rs.getString("status");
        Instant created = instant(rs.getTimestamp("created_at"));
        Long eta = null;
        if ("RUNNING".equals(status) && done + failed > 0) {
            double seconds =
                    Math.max(1, Duration.between(created, Instant.now()).toSeconds());
            eta = Math.round(remaining * seconds / (done + failed));
        }
        return new RunView(
                rs.getLong("id"),
                status,
                endpoints,
                RunRequest.RunItems.valueOf(rs.getString("items")),
                rs.getObject("fewer_than", Integer.class),
                metadata == null ? Map.of() : json.readValue(metadata, METADATA),
                rs.getInt("samples"),
                rs.getObject("seed", Long.class),
                rs.getInt("units_total"),
                done,
                failed,
                remaining,
                rs.getInt("in_flight"),
                rs.getInt("cancelled_units"),
                rs.getLong("prompt_tokens"),
                rs.getLong("completion_tokens"),
                created,
                rs.getString("started_by"),
                instant(rs.getTimestamp("finished_at")),
                eta,
                rs.getBigDecimal("estimated_cost"),
                rs.getString("kind"));
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    ProjectSettings requireAdmin(AccountPrincipal actor, String slug) {
        ProjectSettings project = projects.requireVisible(slug, actor);
        if (!actor.admin()) {
            throw GenerationRefusals.adminsOnly();
        }
        return project;
    }
}
