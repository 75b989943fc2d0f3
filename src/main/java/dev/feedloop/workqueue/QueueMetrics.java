package dev.feedloop.workqueue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The work queue's meters: how long a claim and a submit take inside the server (histograms, so
 * Prometheus can compute percentiles across servers), and the judgments stored, counted once
 * their transaction commits (Prometheus turns the counter into judgments per minute).
 */
@Component
class QueueMetrics {

    private final MeterRegistry registry;

    QueueMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    Timer.Sample start() {
        return Timer.start(registry);
    }

    /** A claim of {@code kind} ended: {@code leased}, {@code empty} (nothing left) or {@code refused}. */
    void claimed(Timer.Sample sample, TaskKind kind, String outcome) {
        sample.stop(histogram(Timer.builder("feedloop.queue.claim").description("Time to claim the next task"))
                .tag("kind", tag(kind))
                .tag("outcome", outcome)
                .register(registry));
    }

    /** A submit ended: {@code stored}, {@code repeat} (the same lease again) or {@code refused}. */
    void submitted(Timer.Sample sample, String outcome) {
        sample.stop(histogram(Timer.builder("feedloop.queue.submit").description("Time to submit a judgment"))
                .tag("outcome", outcome)
                .register(registry));
    }

    /** A judgment was stored: counted when the submit's transaction commits. */
    void judgmentStored(TaskKind kind, boolean late) {
        Counter counter = Counter.builder("feedloop.judgments.submitted")
                .description("Judgments stored: demonstrations (write) and rankings (rank)")
                .tag("kind", tag(kind))
                .tag("late", Boolean.toString(late))
                .register(registry);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    counter.increment();
                }
            });
        } else {
            counter.increment();
        }
    }

    private static Timer.Builder histogram(Timer.Builder timer) {
        return timer.publishPercentileHistogram();
    }

    private static String tag(TaskKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
