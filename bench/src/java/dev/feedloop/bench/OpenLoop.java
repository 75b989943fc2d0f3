package dev.feedloop.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load: cycles start at fixed planned instants ({@code rate} per second) whether or not
 * earlier ones have finished, each on its own thread, for a person taken from a pool of
 * idle people. Every latency is measured from the planned instant, so time spent waiting (for a
 * free person, a connection, the server) counts instead of delaying the next start, which a
 * closed loop would hide (coordinated omission).
 *
 * <p>A cycle is a claim at its planned instant, then, {@code think} after the claim answered, a
 * submit (latency measured from that planned instant). The first {@code ramp} of cycles is not
 * recorded: it lets the leases that people hold while they think build up to their steady number
 * (rate × think).
 */
final class OpenLoop {

    private OpenLoop() {}

    interface Work<P, L> {
        /** Claims a task for the person; empty when the queue had nothing for them. */
        Optional<L> claim(P person) throws Exception;

        void submit(P person, L lease) throws Exception;
    }

    /**
     * The recorded cycles' latencies in ns: from the planned instant to sending the claim ({@code
     * lag}: the load generator's own delay, waiting for a free person included), to the claim's
     * answer, and from the submit's planned instant to its answer.
     */
    record Result(
            String path,
            double rate,
            int planned,
            int empty,
            double seconds,
            Latencies lag,
            Latencies claim,
            Latencies submit) {

        double achieved() {
            return submit.count() / seconds;
        }
    }

    static <P, L> Result run(
            String path, double rate, Duration ramp, Duration measured, Duration think, List<P> people, Work<P, L> work)
            throws InterruptedException {
        int skipped = (int) Math.ceil(rate * ramp.toNanos() / 1e9);
        int total = skipped + (int) Math.ceil(rate * measured.toNanos() / 1e9);
        long[] lag = filled(total);
        long[] claim = filled(total);
        long[] submit = filled(total);
        BlockingQueue<P> idle = new LinkedBlockingQueue<>(people);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicInteger empty = new AtomicInteger();
        long thinkNanos = think.toNanos();
        long start = System.nanoTime() + Duration.ofMillis(100).toNanos();
        // Platform threads: the server's requests run on virtual threads in this JVM, and the load
        // generator must not queue behind them for the same carrier threads.
        ThreadFactory threads = Thread.ofPlatform()
                .name("open-loop-", 0)
                .daemon()
                .stackSize(256 * 1024)
                .factory();
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(threads)) {
            for (int i = 0; i < total && failure.get() == null; i++) {
                int index = i;
                long planned = start + (long) (i * 1e9 / rate);
                sleepUntil(planned);
                executor.execute(() -> {
                    P person = null;
                    try {
                        person = idle.take();
                        lag[index] = System.nanoTime() - planned;
                        Optional<L> lease = work.claim(person);
                        long claimed = System.nanoTime();
                        claim[index] = claimed - planned;
                        if (lease.isEmpty()) {
                            empty.incrementAndGet();
                            return;
                        }
                        long submitPlanned = claimed + thinkNanos;
                        sleepUntil(submitPlanned);
                        work.submit(person, lease.get());
                        submit[index] = System.nanoTime() - submitPlanned;
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        if (person != null) {
                            idle.add(person);
                        }
                    }
                });
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("An open-loop cycle failed", failure.get());
        }
        return new Result(
                path,
                rate,
                total - skipped,
                empty.get(),
                measured.toNanos() / 1e9,
                recorded(lag, skipped),
                recorded(claim, skipped),
                recorded(submit, skipped));
    }

    private static long[] filled(int size) {
        long[] values = new long[size];
        Arrays.fill(values, -1);
        return values;
    }

    private static Latencies recorded(long[] values, int from) {
        long[] kept =
                Arrays.stream(values, from, values.length).filter(v -> v >= 0).toArray();
        return Latencies.of(kept, kept.length);
    }

    private static void sleepUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
