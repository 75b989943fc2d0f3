package dev.feedloop.testsupport;

import dev.feedloop.database.EmbeddedDatabase;
import dev.feedloop.database.EmbeddedDatabaseProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The one PostgreSQL of a test JVM: {@code TEST_DATABASE_URL} (with optional {@code
 * TEST_DATABASE_USERNAME} and {@code TEST_DATABASE_PASSWORD}) when set, else an embedded
 * PostgreSQL 17 started on first use in a temporary directory and stopped when the JVM exits. The
 * embedded one runs as the server's does (password authentication, fsync), except that commits do
 * not wait for their flush to disk.
 */
public final class TestDatabase {

    private static volatile TestDatabase instance;

    private final String url;
    private final String username;
    private final String password;

    private TestDatabase(String url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    public static TestDatabase get() {
        if (instance == null) {
            synchronized (TestDatabase.class) {
                if (instance == null) {
                    instance = start();
                }
            }
        }
        return instance;
    }

    private static TestDatabase start() {
        String external = System.getenv("TEST_DATABASE_URL");
        if (external != null && !external.isBlank()) {
            return new TestDatabase(
                    external,
                    System.getenv().getOrDefault("TEST_DATABASE_USERNAME", "postgres"),
                    System.getenv().getOrDefault("TEST_DATABASE_PASSWORD", ""));
        }
        try {
            Path dir = Files.createTempDirectory("feedloop-test-pg");
            EmbeddedDatabase db = EmbeddedDatabase.start(
                    new EmbeddedDatabaseProperties(dir, 0, "feedloop_test", Duration.ofSeconds(60)));
            Runtime.getRuntime().addShutdownHook(new Thread(db::close, "test-postgres-stop"));
            acknowledgeCommitsBeforeTheyAreFlushed(db);
            return new TestDatabase(db.jdbcUrl(), db.username(), db.password());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The one setting in which the test database differs from the server's, a test-only choice for
     * speed: its commits are acknowledged before their WAL is flushed ({@code fsync} stays on, so the
     * cluster itself stays crash-safe). Waiting for the flush costs about 4 ms per commit on the CI
     * disk and the suite commits tens of thousands of times. The per-database setting outranks the
     * server's command line; the tests of the embedded database start their own servers.
     */
    private static void acknowledgeCommitsBeforeTheyAreFlushed(EmbeddedDatabase db) {
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                var statement = connection.createStatement()) {
            statement.execute("ALTER DATABASE feedloop_test SET synchronous_commit = off");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String url() {
        return url;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }
}
