package dev.feedloop.generation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Meters of calls to model endpoints: their duration by endpoint name, use ({@code run} for
 * generation and judge runs, {@code assist} for writers' drafts and critiques) and outcome, and
 * failed calls by the kind of failure ({@code 4xx}, {@code 5xx}, {@code timeout}, {@code network},
 * {@code other}).
 */
@Component
class ModelCallMetrics {

    static final String RUN = "run";
    static final String ASSIST = "assist";

    private final MeterRegistry registry;

    ModelCallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    /** A call that got an answer. */
    void answered(Timer.Sample sample, String endpoint, String use) {
        sample.stop(timer(endpoint, use, "ok"));
    }

    /** A call that failed, with {@link #failure} of what went wrong. */
    void failed(Timer.Sample sample, String endpoint, String use, String failure) {
        sample.stop(timer(endpoint, use, "error"));
        Counter.builder("feedloop.model.errors")
                .description("Failed calls to model endpoints by kind of failure")
                .tag("endpoint", endpoint)
                .tag("use", use)
                .tag("status", failure)
                .register(registry)
                .increment();
    }

    /**
     * The kind of failure: the HTTP status class when the endpoint answered one, else {@code
     * timeout}, {@code network} or {@code other} from a failure code ({@link UnitCalls} codes or
     * {@link ModelCallFailed} message codes).
     */
    static String failure(@Nullable Integer status, String code) {
        if (status != null) {
            return (status / 100) + "xx";
        }
        if (code.startsWith("status-")) {
            return code.charAt("status-".length()) + "xx";
        }
        return switch (code) {
            case "timeout", "assist.error.timeout" -> "timeout";
            case "unknown-host",
                    "unreachable",
                    "io",
                    "refused-address",
                    "assist.error.unreachable",
                    "assist.error.refusedAddress" -> "network";
            default -> "other";
        };
    }

    private Timer timer(String endpoint, String use, String outcome) {
        return Timer.builder("feedloop.model.calls")
                .description("Duration of calls to model endpoints")
                .tag("endpoint", endpoint)
                .tag("use", use)
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }
}
