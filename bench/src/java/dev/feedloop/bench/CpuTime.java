package dev.feedloop.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM (the server and the load generator) and by the PostgreSQL processes
 * on this machine. CPU time per cycle does not depend on what else runs on the machine the way cycles
 * per second do, so it says where a cycle's cost is even when the machine is not quiet.
 */
record CpuTime(long jvmNanos, long postgresNanos) {

    private static final long NANOS_PER_TICK = 10_000_000; // USER_HZ is 100 on Linux

    static CpuTime now() {
        long jvm = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
        return new CpuTime(jvm, postgresTicks() * NANOS_PER_TICK);
    }

    CpuTime since(CpuTime earlier) {
        return new CpuTime(jvmNanos - earlier.jvmNanos, postgresNanos - earlier.postgresNanos);
    }

    /** Milliseconds of JVM CPU per cycle. */
    double jvmMsPer(long cycles) {
        return cycles == 0 ? 0 : jvmNanos / 1e6 / cycles;
    }

    /** Milliseconds of PostgreSQL CPU per cycle (0 where /proc cannot be read). */
    double postgresMsPer(long cycles) {
        return cycles == 0 ? 0 : postgresNanos / 1e6 / cycles;
    }

    private static long postgresTicks() {
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            return processes
                    .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .mapToLong(CpuTime::ticksIfPostgres)
                    .sum();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long ticksIfPostgres(Path process) {
        try {
            String stat = Files.readString(process.resolve("stat"));
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')');
            if (open < 0 || close < 0 || !stat.substring(open + 1, close).equals("postgres")) {
                return 0;
            }
            String[] fields = stat.substring(close + 2).split(" ");
            // After "pid (comm) ": state is field 3, utime 14 and stime 15 of stat(5), so index 11 and 12.
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
