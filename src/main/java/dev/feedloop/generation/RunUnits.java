package dev.feedloop.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The units of generation runs in SQL: claimed one at a time in the caller's short transaction,
 * under the endpoint's limits for all servers together. A claim takes a transaction-scoped
 * advisory lock per endpoint, so two servers never both take the last free request of an
 * endpoint; then the oldest ready unit, skipping units locked by other claims.
 */
@Component
class RunUnits {

    private static final int ENDPOINT_LOCKS = 1735289100;

    /**
     * How long a person is asked to wait when every request the endpoint may have in flight is
     * taken: requests end at any time, so this is a guess short enough to try again soon.
     */
    static final Duration BUSY_WAIT = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    RunUnits(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.events = events;
        this.jdbc = jdbc;
    }

    /** A unit claimed for one request, with what the request needs. */
    record ClaimedUnit(
            long id,
            long runId,
            long projectId,
            long endpointId,
            long itemId,
            int sample,
            int attempts,
            @Nullable Long seed,
            String messagesJson,
            String kind,
            @Nullable String judgePrompt,
            @Nullable String candidatesJson) {

        /** A unit of a judge run: sample 1 shows the candidates in their order, sample 2 reversed. */
        boolean judge() {
            return "JUDGE".equals(kind);
        }
    }

    /** An endpoint of a run, with its limits now. */
    record RunEndpoint(long endpointId, int concurrencyLimit, int requestsPerMinute) {}

    /** What a claim found: a unit, or how long to wait before asking again, or that the run is over. */
    sealed interface Claim {}

    record Claimed(ClaimedUnit unit) implements Claim {}

    record Wait(Duration duration) implements Claim {}

    record Over() implements Claim {}

    List<RunEndpoint> endpoints(long runId) {
        return jdbc.sql("""
                        SELECT e.id, e.concurrency_limit, e.requests_per_minute
                        FROM generation_run_endpoint re JOIN model_endpoint e ON e.id = re.endpoint_id
                        WHERE re.run_id = :run ORDER BY e.id
                        """)
                .param("run", runId)
                .query((rs, n) -> new RunEndpoint(rs.getLong(1), rs.getInt(2), rs.getInt(3)))
                .list();
    }

    boolean running(long runId) {
        return jdbc.sql("SELECT status = 'RUNNING' FROM generation_run WHERE id = :run")
                .param("run", runId)
                .query(Boolean.class)
                .optional()
                .orElse(false);
    }

    /** Claims a ready unit of the run (in the caller's transaction), holding it for {@code lease}. */
    Claim claim(long runId, List<RunEndpoint> endpoints, int offset, String server, Duration lease) {
        if (!running(runId)) {
            return new Over();
        }
        for (int i = 0; i < endpoints.size(); i++) {
            RunEndpoint endpoint = endpoints.get((i + offset) % endpoints.size());
            Optional<ClaimedUnit> unit = claim(runId, endpoint, server, lease);
            if (unit.isPresent()) {
                return new Claimed(unit.get());
            }
        }
        return waitOrOver(runId);
    }

    private Optional<ClaimedUnit> claim(long runId, RunEndpoint endpoint, String server, Duration lease) {
        if (!hasRoom(endpoint)) {
            return Optional.empty();
        }
        Optional<ClaimedUnit> unit = jdbc.sql("""
                        WITH next AS (
                            SELECT u.id FROM generation_unit u
                            WHERE u.run_id = :run AND u.endpoint_id = :endpoint
                              AND ((u.state = 'PENDING' AND u.next_attempt_at <= now())
                                   OR (u.state = 'RUNNING' AND u.lease_until <= now()))
                            ORDER BY u.next_attempt_at, u.id
                            LIMIT 1
                            FOR UPDATE SKIP LOCKED)
                        UPDATE generation_unit u
                        SET state = 'RUNNING', attempts = u.attempts + 1, claimed_by = :server,
                            lease_until = now() + make_interval(secs => :lease)
                        FROM next, generation_run r, item i
                        WHERE u.id = next.id AND r.id = u.run_id AND i.id = u.item_id
                        RETURNING u.id, u.run_id, r.project_id, u.endpoint_id, u.item_id, u.sample, u.attempts,
                                  r.seed, i.messages::text AS messages, r.kind, r.judge_prompt,
                                  CASE WHEN r.kind = 'JUDGE' THEN (
                                      SELECT json_agg(json_build_object('id', c.external_id, 'content', c.content)
                                                      ORDER BY c.id)::text
                                      FROM candidate c WHERE c.item_id = i.id) END AS candidates
                        """)
                .param("run", runId)
                .param("endpoint", endpoint.endpointId())
                .param("server", server)
                .param("lease", (double) lease.toSeconds())
                .query((rs, n) -> new ClaimedUnit(
                        rs.getLong("id"),
                        rs.getLong("run_id"),
                        rs.getLong("project_id"),
                        rs.getLong("endpoint_id"),
                        rs.getLong("item_id"),
                        rs.getInt("sample"),
                        rs.getInt("attempts"),
                        rs.getObject("seed", Long.class),
                        rs.getString("messages"),
                        rs.getString("kind"),
                        rs.getString("judge_prompt"),
                        rs.getString("candidates")))
                .optional();
        if (unit.isPresent()) {
            countStarted(endpoint.endpointId());
        }
        return unit;
    }

    /**
     * Whether the endpoint may start one more request now, under its advisory lock (held until the
     * caller's transaction ends): fewer requests in flight than its concurrency limit (run units
     * and people's calls together), and fewer started this minute than its requests per minute.
     */
    private boolean hasRoom(RunEndpoint endpoint) {
        return waitFor(endpoint).isZero();
    }

    /** Zero when the endpoint has room now (see {@link #hasRoom}), else about how long until it may. */
    private Duration waitFor(RunEndpoint endpoint) {
        jdbc.sql("SELECT pg_advisory_xact_lock(:locks, :endpoint)")
                .param("locks", ENDPOINT_LOCKS)
                .param("endpoint", (int) endpoint.endpointId())
                .query((rs, n) -> 1)
                .list();
        long inFlight = jdbc.sql("""
                        SELECT (SELECT count(*) FROM generation_unit
                                WHERE endpoint_id = :endpoint AND state = 'RUNNING' AND lease_until > now())
                             + (SELECT count(*) FROM model_call_lease
                                WHERE endpoint_id = :endpoint AND lease_until > now())
                        """)
                .param("endpoint", endpoint.endpointId())
                .query(Long.class)
                .single();
        if (inFlight >= endpoint.concurrencyLimit()) {
            return BUSY_WAIT;
        }
        int started = jdbc.sql("""
                        SELECT started FROM generation_endpoint_minute
                        WHERE endpoint_id = :endpoint AND minute = date_trunc('minute', now())
                        """)
                .param("endpoint", endpoint.endpointId())
                .query(Integer.class)
                .optional()
                .orElse(0);
        if (started >= endpoint.requestsPerMinute()) {
            double seconds = jdbc.sql("""
                            SELECT extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now())
                            """).query(Double.class).single();
            return Duration.ofSeconds((long) Math.ceil(Math.max(1, seconds)));
        }
        return Duration.ZERO;
    }

    private void countStarted(long endpointId) {
        jdbc.sql("""
                        INSERT INTO generation_endpoint_minute (endpoint_id, minute, started)
                        VALUES (:endpoint, date_trunc('minute', now()), 1)
                        ON CONFLICT (endpoint_id, minute) DO UPDATE
                            SET started = generation_endpoint_minute.started + 1
                        """).param("endpoint", endpointId).update();
    }

    /** A person's call may start ({@code leaseId}), or the endpoint is busy for about {@code wait}. */
    record CallLease(@Nullable Long leaseId, Duration retryAfter) {}

    /**
     * Holds room for one interactive call to the endpoint (in the caller's short transaction): a
     * {@code model_call_lease} row until {@code lease} has passed or {@link #releaseCall} removes it,
     * counted in the minute's requests; or, when the endpoint is at its limits, how long to wait.
     * An endpoint that is gone has room (the call then fails as for any missing endpoint).
     */
    CallLease holdCall(long endpointId, Duration lease) {
        Optional<RunEndpoint> endpoint = jdbc.sql(
                        "SELECT id, concurrency_limit, requests_per_minute FROM model_endpoint WHERE id = :id")
                .param("id", endpointId)
                .query((rs, n) -> new RunEndpoint(rs.getLong(1), rs.getInt(2), rs.getInt(3)))
                .optional();
        if (endpoint.isEmpty()) {
            return new CallLease(null, Duration.ZERO);
        }
        Duration wait = waitFor(endpoint.get());
        if (!wait.isZero()) {
            return new CallLease(null, wait);
        }
        countStarted(endpointId);
        long id = jdbc.sql("""
                        INSERT INTO model_call_lease (endpoint_id, lease_until)
                        VALUES (:endpoint, now() + make_interval(secs => :lease)) RETURNING id
                        """)
                .param("endpoint", endpointId)
                .param("lease", (double) lease.toSeconds())
                .query(Long.class)
                .single();
        return new CallLease(id, Duration.ZERO);
    }

    /** The interactive call has ended: its room is free for the next request. */
    void releaseCall(long leaseId) {
        jdbc.sql("DELETE FROM model_call_lease WHERE id = :id")
                .param("id", leaseId)
                .update();
    }

    /** Nothing is ready: over when no unit is pending or running, else wait for the next one. */
    private Claim waitOrOver(long runId) {
        Optional<Instant> next = jdbc.sql("""
                        SELECT min(CASE WHEN state = 'PENDING' THEN next_attempt_at ELSE lease_until END)
                        FROM generation_unit WHERE run_id = :run AND state IN ('PENDING', 'RUNNING')
                        """)
                .param("run", runId)
                .query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)).map(java.sql.Timestamp::toInstant))
                .single();
        if (next.isEmpty()) {
            return new Over();
        }
        Duration until = Duration.between(Instant.now(), next.get());
        return new Wait(until.isNegative() ? Duration.ofMillis(50) : until);
    }

    /** Whether the claim is still this attempt's (not cancelled, not taken over after its lease). */
    boolean lockIfHeld(long unitId, int attempts) {
        return jdbc.sql("""
                        SELECT 1 FROM generation_unit
                        WHERE id = :unit AND state = 'RUNNING' AND attempts = :attempts FOR UPDATE
                        """)
                .param("unit", unitId)
                .param("attempts", attempts)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    void done(
            long unitId,
            @Nullable Long candidateId,
            @Nullable Integer promptTokens,
            @Nullable Integer completionTokens,
            long latencyMillis) {
        jdbc.sql("""
                        UPDATE generation_unit
                        SET state = 'DONE', candidate_id = :candidate, prompt_tokens = :prompt,
                            completion_tokens = :completion, latency_ms = :latency, lease_until = NULL,
                            error_code = NULL, error = NULL, finished_at = now()
                        WHERE id = :unit
                        """)
                .param("unit", unitId)
                .param("candidate", candidateId)
                .param("prompt", promptTokens)
                .param("completion", completionTokens)
                .param("latency", (int) Math.min(latencyMillis, Integer.MAX_VALUE))
                .update();
    }

    /** Back to PENDING until {@code at}, with the error of this attempt. */
    void later(long unitId, int attempts, String code, String error, Instant at) {
        jdbc.sql("""
                        UPDATE generation_unit
                        SET state = 'PENDING', next_attempt_at = :at, lease_until = NULL,
                            error_code = :code, error = :error
                        WHERE id = :unit AND state = 'RUNNING' AND attempts = :attempts
                        """)
                .param("unit", unitId)
                .param("attempts", attempts)
                .param("at", java.sql.Timestamp.from(at))
                .param("code", code)
                .param("error", error)
                .update();
    }

    void failed(long unitId, int attempts, String code, String error) {
        jdbc.sql("""
                        UPDATE generation_unit
                        SET state = 'FAILED', lease_until = NULL, error_code = :code, error = :error,
                            finished_at = now()
                        WHERE id = :unit AND state = 'RUNNING' AND attempts = :attempts
                        """)
                .param("unit", unitId)
                .param("attempts", attempts)
                .param("code", code)
                .param("error", error)
                .update();
    }

    /**
     * Marks the run finished when it is running and none of its units is pending or running, and
     * then publishes {@link GenerationRunFinished}.
     */
    void finishIfDone(long runId) {
        jdbc.sql("""
                        UPDATE generation_run r SET status = 'FINISHED', finished_at = now()
                        WHERE id = :run AND status = 'RUNNING'
                          AND NOT EXISTS (SELECT 1 FROM generation_unit
                                          WHERE run_id = :run AND state IN ('PENDING', 'RUNNING'))
                        RETURNING r.project_id, r.kind,
                            (SELECT count(*) FROM generation_unit WHERE run_id = :run AND state = 'DONE') AS done,
                            (SELECT count(*) FROM generation_unit WHERE run_id = :run AND state = 'FAILED') AS failed
                        """)
                .param("run", runId)
                .query((rs, n) -> new GenerationRunFinished(
                        rs.getLong("project_id"), runId, rs.getString("kind"), rs.getInt("done"), rs.getInt("failed")))
                .optional()
                .ifPresent(events::publishEvent);
    }

    /** Forgets request counts of minutes that have passed, and calls whose lease has passed. */
    void forgetPastMinutes() {
        jdbc.sql("DELETE FROM generation_endpoint_minute WHERE minute < date_trunc('minute', now())")
                .update();
        jdbc.sql("DELETE FROM model_call_lease WHERE lease_until < now()").update();
    }
}
