package dev.feedloop.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One thread per person doing cycles back to back, as fast as the system answers: the closed-loop
 * load of the benchmarks. Latency is measured per cycle, from its start.
 */
final class ClosedLoop {

    private ClosedLoop() {}

    interface Cycle<P> {
        /** One cycle for this person; false when there was nothing left to do for them. */
        boolean run(P person) throws Exception;
    }

    /** What one measurement did; {@code ranDry} when some person found nothing left to do. */
    record Result(
            String path, int people, long cycles, double seconds, Latencies latencies, boolean ranDry, CpuTime cpu) {

        double perSecond() {
            return cycles / seconds;
        }

        String dryNote() {
            return ranDry ? " (queue ran dry: more items needed)" : "";
        }

        /** JVM and PostgreSQL CPU milliseconds per cycle, as table cells. */
        String cpuCells() {
            return String.format(Locale.ROOT, "%.2f | %.2f", cpu.jvmMsPer(cycles), cpu.postgresMsPer(cycles));
        }

        String ms(double p) {
            return String.format(Locale.ROOT, "%.1f", latencies.percentile(p));
        }
    }

    /** {@code people.size()} threads doing cycles for {@code duration}. */
    static <P> Result forDuration(String path, Duration duration, List<P> people, Cycle<P> cycle)
            throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        return run(path, people, cycle, () -> System.nanoTime() < end, new AtomicLong(Long.MAX_VALUE));
    }

    /**
     * {@code people.size()} threads doing cycles for {@code duration}, or until they have done
     * {@code maxCycles} between them (so that a fast path does not empty a queue sized for a slow one).
     */
    static <P> Result forDuration(String path, Duration duration, long maxCycles, List<P> people, Cycle<P> cycle)
            throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        return run(path, people, cycle, () -> System.nanoTime() < end, new AtomicLong(maxCycles));
    }

    /**
     * {@code people.size()} threads doing cycles for {@code duration}, each pausing between two cycles for
     * a random time between half and one and a half {@code think} (as people read and decide; the spread
     * keeps them from arriving in step). Latency is that of the cycles alone.
     */
    static <P> Result paced(String path, Duration duration, Duration think, List<P> people, Cycle<P> cycle)
            throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        return run(path, people, cycle, () -> System.nanoTime() < end, new AtomicLong(Long.MAX_VALUE), think);
    }

    /** {@code people.size()} threads doing {@code total} cycles between them. */
    static <P> Result forCycles(String path, long total, List<P> people, Cycle<P> cycle) throws InterruptedException {
        return run(path, people, cycle, () -> true, new AtomicLong(total));
    }

    private interface Condition {
        boolean holds();
    }

    private static <P> Result run(String path, List<P> people, Cycle<P> cycle, Condition running, AtomicLong left)
            throws InterruptedException {
        return run(path, people, cycle, running, left, Duration.ZERO);
    }

    private static <P> Result run(
            String path, List<P> people, Cycle<P> cycle, Condition running, AtomicLong left, Duration think)
            throws InterruptedException {
        long thinkNanos = think.toNanos();
        int threads = people.size();
        long[][] latencies = new long[threads][];
        int[] counts = new int[threads];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean ranDry = new AtomicBoolean();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int index = t;
            P person = people.get(t);
            latencies[t] = new long[1024];
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                    if (thinkNanos > 0) {
                        // Paced people do not all press submit at the same instant: each starts
                        // after a pause of its own, as between any two of its cycles.
                        Thread.sleep(Duration.ofNanos(ThreadLocalRandom.current().nextLong(thinkNanos * 3 / 2 + 1)));
                    }
                    while (running.holds() && left.getAndDecrement() > 0 && failure.get() == null) {
                        long begin = System.nanoTime();
                        if (!cycle.run(person)) {
                            ranDry.set(true);
                            break;
                        }
                        long took = System.nanoTime() - begin;
                        if (counts[index] == latencies[index].length) {
                            latencies[index] = Arrays.copyOf(latencies[index], counts[index] * 2);
                        }
                        latencies[index][counts[index]++] = took;
                        if (thinkNanos > 0) {
                            Thread.sleep(Duration.ofNanos(
                                    thinkNanos / 2 + ThreadLocalRandom.current().nextLong(thinkNanos + 1)));
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            workers.add(worker);
            worker.start();
        }
        CpuTime cpuBefore = CpuTime.now();
        long begin = System.nanoTime();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        CpuTime cpu = CpuTime.now().since(cpuBefore);
        if (failure.get() != null) {
            throw new IllegalStateException("A benchmark thread failed", failure.get());
        }
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(latencies[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        return new Result(path, threads, total, seconds, Latencies.of(all, total), ranDry.get(), cpu);
    }
}
