package dev.feedloop.generation;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A generation run and its progress.
 *
 * @param status {@code RUNNING}, {@code FINISHED} (no unit pending; some may have failed) or
 *     {@code CANCELLED}
 * @param remaining units not yet answered nor failed (pending or in flight)
 * @param inFlight units in flight now (sent to an endpoint, not answered yet)
 * @param cancelled units a cancel stopped before they were sent
 * @param startedBy the display name of the admin who started the run ({@code null} once removed)
 * @param etaSeconds the time left at the pace so far, while running
 * @param estimatedCost the run's tokens at its endpoints' prices when the run started (per 1,000
 *     prompt and per 1,000 completion tokens); {@code null} when an endpoint of the run had no price
 * @param kind {@code GENERATE} (answers become candidates) or {@code JUDGE} (a judge run, {@link
 *     JudgeRuns})
 */
public record RunView(
        long id,
        String status,
        List<RunEndpointView> endpoints,
        RunRequest.RunItems items,
        @Nullable Integer fewerThan,
        Map<String, String> metadata,
        int samples,
        @Nullable Long seed,
        int total,
        int done,
        int failed,
        int remaining,
        int inFlight,
        int cancelled,
        long promptTokens,
        long completionTokens,
        Instant createdAt,
        @Nullable String startedBy,
        @Nullable Instant finishedAt,
        @Nullable Long etaSeconds,
        @Nullable BigDecimal estimatedCost,
        String kind) {

    /** An endpoint of the run, named as it was when the run started. */
    public record RunEndpointView(long id, String name, String model) {}

    /** A judge run: its answers are machine judgments, not candidates. Not in the JSON: {@code kind} says it. */
    @JsonIgnore
    public boolean isJudge() {
        return JudgeRuns.KIND.equals(kind);
    }

    /** Whether the run is running. Not in the JSON: {@code status} says it. */
    @JsonIgnore
    public boolean isRunning() {
        return "RUNNING".equals(status);
    }

    /** Per cent of the units answered. */
    public int percentDone() {
        return share(done);
    }

    /** Per cent of the units that failed. */
    public int percentFailed() {
        return share(failed);
    }

    private int share(int units) {
        return total == 0 ? 0 : (int) Math.round(100.0 * units / total);
    }

    /** Per cent of the units answered or failed. */
    public int percent() {
        return total == 0 ? 100 : (int) Math.floor(100.0 * (done + failed + cancelled) / total);
    }
}
