package dev.feedloop.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Runs a path until the JIT compiler has stopped working on it: rounds of {@code round} of closed-loop
 * cycles, until a round in which the compiler spent less than {@link #IDLE_SHARE} of the round's time, or
 * until {@code limit}. On 2 CPUs the C2 compiler needs a minute or more of load before the server's
 * request path is compiled; until then, a measurement compares interpreted HTTP code with a JDBC path that
 * is much smaller and compiled sooner.
 */
final class WarmUp {

    /** The compiler's time as a share of a round's wall time below which it counts as idle. */
    static final double IDLE_SHARE = 0.02;

    private WarmUp() {}

    /** What a warm-up did: its seconds, and whether the compiler went idle before the limit. */
    record Result(String path, double seconds, long cycles, boolean idle, double lastShare) {

        String line() {
            return String.format(
                    Locale.ROOT,
                    "warm-up %s: %,d cycles in %.0f s; compiler %s (%.1f %% of the last round)",
                    path,
                    cycles,
                    seconds,
                    idle ? "idle" : "still busy at the limit",
                    100 * lastShare);
        }
    }

    static <P> Result run(String path, Duration limit, Duration round, List<P> people, ClosedLoop.Cycle<P> cycle)
            throws InterruptedException {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        long begin = System.nanoTime();
        long cycles = 0;
        double share = 1;
        while (true) {
            long compiledBefore = compiler.getTotalCompilationTime();
            long roundBegin = System.nanoTime();
            cycles += ClosedLoop.forDuration(path, round, people, cycle).cycles();
            double roundMs = (System.nanoTime() - roundBegin) / 1e6;
            share = (compiler.getTotalCompilationTime() - compiledBefore) / roundMs;
            double seconds = (System.nanoTime() - begin) / 1e9;
            if (share < IDLE_SHARE || seconds >= limit.toSeconds()) {
                Result result = new Result(path, seconds, cycles, share < IDLE_SHARE, share);
                System.out.println(result.line());
                return result;
            }
        }
    }
}
