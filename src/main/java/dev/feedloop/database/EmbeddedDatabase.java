package dev.feedloop.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 server run as a child process on a data directory that survives restarts.
 *
 * <p>Start-up problems are turned into {@link EmbeddedDatabaseException}s whose message says what
 * went wrong and what to do about it, instead of a stack trace from the process launcher.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final EmbeddedPostgres postgres;
    private final String database;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String database) {
        this.postgres = postgres;
        this.database = database;
    }

    /** Starts the server on {@code dataDir}, creating the cluster and the database when missing. */
    public static EmbeddedDatabase start(EmbeddedDatabaseProperties properties) {
        Path dataDir = properties.dataDir().toAbsolutePath().normalize();
        checkDataDirectory(dataDir);
        checkPortFree(properties.port());
        EmbeddedPostgres postgres;
        try {
            var builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    .setPGStartupWait(properties.startupTimeout())
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // Let the per-table autovacuum thresholds decide (the work queue's task table
                    // asks for a vacuum every 5,000 dead rows), not the default one-minute wake-up.
                    .setServerConfig("autovacuum_naptime", "10s");
            if (properties.port() > 0) {
                builder.setPort(properties.port());
            }
            postgres = builder.start();
        } catch (IllegalStateException e) {
            if (e instanceof java.nio.channels.OverlappingFileLockException
                    || String.valueOf(e.getMessage()).startsWith("could not lock")) {
                throw new EmbeddedDatabaseException("The data directory " + dataDir
                        + " is already used by another running Feedloop or PostgreSQL server. "
                        + "Stop that server, or set feedloop.embedded-db.data-dir to another directory.");
            }
            throw new EmbeddedDatabaseException("The embedded PostgreSQL could not start on " + dataDir + ": "
                    + e.getMessage() + ". The server log is in " + dataDir.resolve("log") + ".");
        } catch (IOException e) {
            throw new EmbeddedDatabaseException("The embedded PostgreSQL could not start on " + dataDir + ": "
                    + e.getMessage() + ". Check that the directory is writable and that port "
                    + (properties.port() > 0 ? properties.port() : "(any free port)")
                    + " is free, or set SPRING_DATASOURCE_URL to use an external PostgreSQL.");
        }
        var db = new EmbeddedDatabase(postgres, properties.database());
        db.createDatabaseIfMissing();
        log.info("Embedded PostgreSQL is running on port {} with its data in {}", postgres.getPort(), dataDir);
        return db;
    }

    private static void checkDataDirectory(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException | SecurityException e) {
            throw new EmbeddedDatabaseException("Cannot create the embedded database directory " + dataDir + " ("
                    + e.getMessage() + "). Set feedloop.embedded-db.data-dir to a writable directory.");
        }
        if (!Files.isWritable(dataDir)) {
            throw new EmbeddedDatabaseException("The embedded database directory " + dataDir
                    + " is not writable. Fix its permissions or set feedloop.embedded-db.data-dir to"
                    + " a writable directory.");
        }
        Path pid = dataDir.resolve("postmaster.pid");
        if (Files.exists(pid) && !Files.exists(dataDir.resolve("epg-lock"))) {
            throw new EmbeddedDatabaseException("The data directory " + dataDir
                    + " holds a postmaster.pid: another PostgreSQL server may be using it. Stop that server,"
                    + " or delete " + pid + " if it is left over from a crash.");
        }
    }

    private static void checkPortFree(int port) {
        if (port <= 0) {
            return;
        }
        try (var socket = new ServerSocket()) {
            // As PostgreSQL binds: a closed connection lingering on the port (TIME_WAIT) does not count.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new EmbeddedDatabaseException("Port " + port + " is already taken, so the embedded PostgreSQL"
                    + " cannot listen on it. Set feedloop.embedded-db.port to a free port, or to 0 for any.");
        }
    }

    private void createDatabaseIfMissing() {
        try (var connection = postgres.getPostgresDatabase().getConnection();
                var check = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            check.setString(1, database);
            try (var rs = check.executeQuery()) {
                if (!rs.next()) {
                    try (var create = connection.createStatement()) {
                        create.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
                    }
                }
            }
        } catch (SQLException e) {
            throw new EmbeddedDatabaseException("Cannot create the database " + database + ": " + e.getMessage());
        }
    }

    /** JDBC URL of the application database. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", database);
    }

    public String username() {
        return "postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
