package dev.feedloop.bench;

import dev.feedloop.database.EmbeddedDatabase;
import dev.feedloop.database.EmbeddedDatabaseProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The PostgreSQL a benchmark runs on: {@code BENCH_DATABASE_URL} (with {@code
 * BENCH_DATABASE_USERNAME} and {@code BENCH_DATABASE_PASSWORD}) when set, else an embedded one on
 * a fresh temporary directory, stopped and deleted by {@link #close()}. The credentials are taken here and
 * nowhere else, for the server's datasource and for the benchmark's own raw pools alike.
 */
record BenchDatabase(String url, String username, String password, EmbeddedDatabase embedded, Path dataDir)
        implements AutoCloseable {

    static BenchDatabase start(Duration startupTimeout) throws IOException {
        String external = System.getenv("BENCH_DATABASE_URL");
        if (external != null && !external.isBlank()) {
            return new BenchDatabase(
                    external,
                    System.getenv().getOrDefault("BENCH_DATABASE_USERNAME", "postgres"),
                    System.getenv().getOrDefault("BENCH_DATABASE_PASSWORD", ""),
                    null,
                    null);
        }
        Path dir = Files.createTempDirectory("feedloop-bench-pg");
        EmbeddedDatabase db =
                EmbeddedDatabase.start(new EmbeddedDatabaseProperties(dir, 0, "feedloop_bench", startupTimeout));
        // The embedded server trusts connections from this machine: no password.
        return new BenchDatabase(db.jdbcUrl(), db.username(), db.password(), db, dir);
    }

    /** The Spring properties that point the server at this database, and the other given ones. */
    String[] serverProperties(String... more) {
        List<String> properties = new ArrayList<>(List.of(
                "spring.datasource.url=" + url,
                "spring.datasource.username=" + username,
                "spring.datasource.password=" + password));
        properties.addAll(List.of(more));
        return properties.toArray(String[]::new);
    }

    /** Stops the embedded server and deletes its data directory. */
    @Override
    public void close() throws IOException {
        if (embedded == null) {
            return;
        }
        embedded.close();
        try (var paths = Files.walk(dataDir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        }
    }
}
