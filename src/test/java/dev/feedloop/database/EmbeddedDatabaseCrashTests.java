package dev.feedloop.database;

import static dev.feedloop.database.EmbeddedDatabaseTests.properties;
import static dev.feedloop.database.EmbeddedDatabaseTests.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The embedded database after its server was killed with {@code kill -9}, with real processes. Its own
 * processes only, so the class runs beside the other tests; its methods run one after another.
 */
@Execution(ExecutionMode.CONCURRENT)
class EmbeddedDatabaseCrashTests {

    @TempDir
    Path dir;

    @AfterEach
    void killLeftoverPostgres() throws Exception {
        killPostgres(dir.resolve("pg"));
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    void aPostgresLeftRunningByAKilledServerIsStoppedAndTheNextStartSeesItsData() throws Exception {
        Path dataDir = dir.resolve("pg");
        long postmaster;
        try (ChildJvm server = startServer(dataDir)) {
            postmaster = postmasterPid(dataDir);
            assertThatThrownBy(() -> EmbeddedDatabase.start(properties(dataDir, 0)))
                    .isInstanceOf(EmbeddedDatabaseException.class)
                    .hasMessageContaining(
                            "already used by another running Feedloop server (process " + server.pid() + ")");

            server.kill();
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive))
                    .as("PostgreSQL outlives its killed server")
                    .contains(true);
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(properties(dataDir, 0))) {
            assertThat(query(db, "SELECT text FROM note")).containsExactly("written before the kill");
            assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
            assertThat(postmasterPid(dataDir)).isNotEqualTo(postmaster);
            assertThat(Files.readString(dataDir.resolve(EmbeddedDatabase.OWNER_FILE))
                            .strip())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    void aPidFileLeftByAKilledPostgresIsRecovered() throws Exception {
        Path dataDir = dir.resolve("pg");
        try (ChildJvm server = startServer(dataDir)) {
            server.kill();
            killPostgres(dataDir);
        }
        assertThat(dataDir.resolve("postmaster.pid")).exists();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(properties(dataDir, 0))) {
            assertThat(query(db, "SELECT text FROM note")).containsExactly("written before the kill");
        }
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    void aPidFileNamingAnotherLiveProcessIsRemoved() throws Exception {
        Path dataDir = dir.resolve("pg");
        List<String> pidFile;
        try (EmbeddedDatabase db = EmbeddedDatabase.start(properties(dataDir, 0))) {
            EmbeddedDatabaseTests.execute(db, "CREATE TABLE note (text text); INSERT INTO note VALUES ('kept')");
            pidFile = Files.readAllLines(dataDir.resolve("postmaster.pid"));
        }
        // The number of the PostgreSQL that wrote the file now belongs to some other process, as after
        // a container restart.
        Process other = new ProcessBuilder("sleep", "300").start();
        try {
            List<String> stale = new ArrayList<>(pidFile);
            stale.set(0, Long.toString(other.pid()));
            Files.write(dataDir.resolve("postmaster.pid"), stale);
            try (EmbeddedDatabase db = EmbeddedDatabase.start(properties(dataDir, 0))) {
                assertThat(query(db, "SELECT text FROM note")).containsExactly("kept");
                assertThat(other.isAlive()).isTrue();
            }
        } finally {
            other.destroyForcibly();
        }
    }

    private ChildJvm startServer(Path dataDir) {
        ChildJvm server = ChildJvm.start(
                dir.resolve("server.log"), Map.of(), EmbeddedDatabaseProcess.class.getName(), dataDir.toString());
        server.awaitOutput(EmbeddedDatabaseProcess.READY, Duration.ofSeconds(120));
        return server;
    }

    static long postmasterPid(Path dataDir) throws IOException {
        return Long.parseLong(
                Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().strip());
    }

    /** SIGKILL to the PostgreSQL running on {@code dataDir} and all its processes, as a power cut would. */
    static void killPostgres(Path dataDir) throws Exception {
        if (!Files.exists(dataDir.resolve("postmaster.pid"))) {
            return;
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(postmasterPid(dataDir))
                .filter(process -> process.info().command().orElse("").endsWith("/postgres"));
        if (postmaster.isEmpty()) {
            return;
        }
        List<ProcessHandle> processes =
                new ArrayList<>(postmaster.get().descendants().toList());
        processes.add(postmaster.get());
        processes.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : processes) {
            process.onExit().get(30, TimeUnit.SECONDS);
        }
    }
}
