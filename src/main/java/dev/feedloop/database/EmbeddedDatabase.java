package dev.feedloop.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL 17 server run as a child process on a data directory that survives restarts.
 *
 * <p>It runs with production settings: every commit is flushed to disk before it is acknowledged
 * ({@code fsync} and {@code synchronous_commit} on), and every connection needs the superuser's
 * password ({@code scram-sha-256}), which is created at the first start and kept in the data
 * directory in {@value #PASSWORD_FILE}, readable by its owner only. A data directory created by an
 * older version with {@code trust} authentication is switched to passwords at start-up.
 *
 * <p>The server that starts it holds the lock of the data directory (an operating-system file lock,
 * which ends with the process, even after {@code kill -9}). Whoever gets the lock owns the
 * directory: a PostgreSQL still running on it was left behind by a server that died without
 * stopping it, and is stopped before the new one starts. A directory whose lock is held answers
 * "already used by another running Feedloop server".
 *
 * <p>Start-up problems are turned into {@link EmbeddedDatabaseException}s whose message says what
 * went wrong and what to do about it, instead of a stack trace from the process launcher.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The file in the data directory that holds the password of the {@code postgres} superuser. */
    public static final String PASSWORD_FILE = "feedloop-db-password";

    /** The file in the data directory that names the process of the server running the database. */
    static final String OWNER_FILE = "feedloop-owner.pid";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String SUPERUSER = "postgres";
    private static final String AUTH_METHOD = "scram-sha-256";

    private final EmbeddedPostgres postgres;
    private final String database;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String database, String password) {
        this.postgres = postgres;
        this.database = database;
        this.password = password;
    }

    /** Starts the server on {@code dataDir}, creating the cluster and the database when missing. */
    public static EmbeddedDatabase start(EmbeddedDatabaseProperties properties) {
        Path dataDir = properties.dataDir().toAbsolutePath().normalize();
        checkDataDirectory(dataDir);
        checkPortFree(properties.port());
        Path passwordFile = dataDir.resolve(PASSWORD_FILE);
        boolean fresh = !Files.exists(dataDir.resolve("postgresql.conf"));
        boolean trusting = !fresh && HostBasedAuthentication.trusts(dataDir);
        String password =
                fresh || (trusting && !Files.exists(passwordFile)) ? newPassword() : readPassword(passwordFile);
        Path initdbPasswordFile = fresh ? writeInitdbPassword(password) : null;
        EmbeddedPostgres postgres;
        try {
            var builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(true)
                    .setPGStartupWait(properties.startupTimeout())
                    // zonky's defaults are for throw-away test databases: it turns synchronous_commit
                    // off and starts postgres with -F (fsync off). An acknowledged commit must
                    // survive a crash.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    // Let the per-table autovacuum thresholds decide (the work queue's task table
                    // asks for a vacuum every 5,000 dead rows), not the default one-minute wake-up.
                    .setServerConfig("autovacuum_naptime", "10s")
                    // The server's own log, one file per weekday, overwritten a week later.
                    .setServerConfig("logging_collector", "on")
                    .setServerConfig("log_directory", "log")
                    .setServerConfig("log_filename", "postgresql-%a.log")
                    .setServerConfig("log_truncate_on_rotation", "on")
                    .setServerConfig("log_rotation_age", "1d")
                    .setConnectConfig("password", password)
                    .setDataDirectoryCustomizer(dir -> takeOver(dataDir, fresh, password, properties.startupTimeout()));
            if (fresh) {
                // Extra initdb options; they come after zonky's "-A trust" and win.
                builder.setLocaleConfig("auth", AUTH_METHOD).setLocaleConfig("pwfile", initdbPasswordFile.toString());
            }
            if (properties.port() > 0) {
                builder.setPort(properties.port());
            }
            postgres = builder.start();
        } catch (IllegalStateException e) {
            if (e instanceof java.nio.channels.OverlappingFileLockException
                    || String.valueOf(e.getMessage()).startsWith("could not lock")) {
                throw new EmbeddedDatabaseException("The data directory " + dataDir
                        + " is already used by another running Feedloop server" + owner(dataDir) + ". "
                        + "Stop that server, or set feedloop.embedded-db.data-dir to another directory.");
            }
            throw new EmbeddedDatabaseException("The embedded PostgreSQL could not start on " + dataDir + ": "
                    + e.getMessage() + ". The server log is in " + dataDir.resolve("log") + ".");
        } catch (IOException e) {
            throw new EmbeddedDatabaseException("The embedded PostgreSQL could not start on " + dataDir + ": "
                    + e.getMessage() + ". Check that the directory is writable and that port "
                    + (properties.port() > 0 ? properties.port() : "(any free port)")
                    + " is free, or set SPRING_DATASOURCE_URL to use an external PostgreSQL. The server log is in "
                    + dataDir.resolve("log") + ".");
        } finally {
            deleteQuietly(initdbPasswordFile);
        }
        var db = new EmbeddedDatabase(postgres, properties.database(), password);
        if (trusting) {
            db.requirePasswords(dataDir);
        }
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

    /**
     * Runs once this process holds the data directory's lock, before PostgreSQL starts: keeps the
     * password of a new cluster, stops a PostgreSQL left running by a server that died, and records
     * this process as the owner.
     */
    private static void takeOver(Path dataDir, boolean fresh, String password, Duration timeout) {
        if (fresh) {
            writeSecret(dataDir.resolve(PASSWORD_FILE), password);
        }
        LeftoverPostmaster.stopOrRemove(dataDir, timeout);
        try {
            Files.writeString(
                    dataDir.resolve(OWNER_FILE), ProcessHandle.current().pid() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String owner(Path dataDir) {
        try {
            String pid = Files.readString(dataDir.resolve(OWNER_FILE)).strip();
            return pid.isEmpty() ? "" : " (process " + pid + ")";
        } catch (IOException e) {
            return "";
        }
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String readPassword(Path passwordFile) {
        try {
            return Files.readString(passwordFile).strip();
        } catch (NoSuchFileException e) {
            throw new EmbeddedDatabaseException("The embedded database in " + passwordFile.getParent()
                    + " needs a password, but its password file " + passwordFile + " is missing. Restore the file"
                    + " from a backup; or, to set a new password, change the method of every line of "
                    + passwordFile.resolveSibling("pg_hba.conf") + " to trust and start again.");
        } catch (IOException e) {
            throw new EmbeddedDatabaseException("Cannot read the embedded database's password file " + passwordFile
                    + " (" + e.getMessage() + "). It must be readable by the user running Feedloop.");
        }
    }

    /** Writes {@code secret} to {@code file}, readable by its owner only; the file is replaced at once. */
    private static Path writeSecret(Path file, String secret) {
        try {
            Path temp = Files.createTempFile(file.getParent(), ".feedloop-", ".tmp", ownerOnly());
            Files.writeString(temp, secret + "\n");
            return Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new EmbeddedDatabaseException(
                    "Cannot write the embedded database's password file " + file + ": " + e.getMessage());
        }
    }

    /** The password for initdb's {@code --pwfile}: initdb wants an empty data directory, so it waits elsewhere. */
    private static Path writeInitdbPassword(String secret) {
        try {
            Path temp = Files.createTempFile("feedloop-initdb-", ".pw", ownerOnly());
            Files.writeString(temp, secret + "\n");
            return temp;
        } catch (IOException e) {
            throw new EmbeddedDatabaseException("Cannot write a temporary file for initdb: " + e.getMessage());
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        };
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete the temporary file {}: {}", file, e.getMessage());
        }
    }

    /**
     * Switches a cluster created with {@code trust} (by an older version) to passwords: sets the
     * superuser's password while trust still lets us in, rewrites {@code pg_hba.conf} and reloads it.
     */
    private void requirePasswords(Path dataDir) {
        Path passwordFile = dataDir.resolve(PASSWORD_FILE);
        if (!Files.exists(passwordFile)) {
            writeSecret(passwordFile, password);
        }
        try (var connection = postgres.getPostgresDatabase().getConnection()) {
            // The driver computes the SCRAM verifier, so the password itself never reaches the server.
            connection.unwrap(PGConnection.class).alterUserPassword(SUPERUSER, password.toCharArray(), AUTH_METHOD);
            HostBasedAuthentication.replaceTrust(dataDir, AUTH_METHOD);
            try (var statement = connection.createStatement()) {
                statement.execute("SELECT pg_reload_conf()");
                try (var rs = statement.executeQuery(
                        "SELECT count(*) FROM pg_hba_file_rules WHERE error IS NOT NULL OR auth_method = 'trust'")) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        throw new EmbeddedDatabaseException(
                                "The embedded database's " + dataDir.resolve("pg_hba.conf")
                                        + " still lets connections in without a password, or has errors. Fix it and start again.");
                    }
                }
            }
        } catch (SQLException e) {
            throw new EmbeddedDatabaseException(
                    "Cannot switch the embedded database in " + dataDir + " to passwords: " + e.getMessage());
        }
        log.info("The embedded database in {} now requires the password kept in {}", dataDir, passwordFile);
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
        return postgres.getJdbcUrl(SUPERUSER, database);
    }

    public String username() {
        return SUPERUSER;
    }

    /** Password of {@link #username()}, as kept in {@value #PASSWORD_FILE} in the data directory. */
    public String password() {
        return password;
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

    /** The methods of {@code pg_hba.conf}, the file that says who may connect how. */
    static final class HostBasedAuthentication {

        private HostBasedAuthentication() {}

        /** Whether any line lets connections in without a password. */
        static boolean trusts(Path dataDir) {
            return lines(dataDir).stream().anyMatch(line -> trustAt(line) >= 0);
        }

        /** Replaces the method {@code trust} by {@code method} on every line (the file is replaced at once). */
        static void replaceTrust(Path dataDir, String method) {
            List<String> rewritten = new ArrayList<>();
            for (String line : lines(dataDir)) {
                int at = trustAt(line);
                if (at < 0) {
                    rewritten.add(line);
                } else {
                    String[] fields = fields(line);
                    fields[at] = method;
                    rewritten.add(String.join(" ", fields));
                }
            }
            Path file = dataDir.resolve("pg_hba.conf");
            try {
                Path temp = Files.createTempFile(dataDir, "pg_hba-", ".tmp");
                Files.write(temp, rewritten);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new EmbeddedDatabaseException("Cannot rewrite " + file + ": " + e.getMessage());
            }
        }

        private static List<String> lines(Path dataDir) {
            Path file = dataDir.resolve("pg_hba.conf");
            try {
                return Files.readAllLines(file);
            } catch (NoSuchFileException e) {
                return List.of();
            } catch (IOException e) {
                throw new EmbeddedDatabaseException("Cannot read " + file + ": " + e.getMessage());
            }
        }

        /** Index of the field {@code trust} where a method can stand (after type, database and user), or -1. */
        private static int trustAt(String line) {
            String[] fields = fields(line);
            for (int i = 3; i < fields.length; i++) {
                if (fields[i].equals("trust")) {
                    return i;
                }
            }
            return -1;
        }

        private static String[] fields(String line) {
            int comment = line.indexOf('#');
            String content = (comment >= 0 ? line.substring(0, comment) : line).strip();
            return content.isEmpty() ? new String[0] : content.split("\\s+");
        }
    }

    /** A {@code postmaster.pid} left in the data directory by a server that did not stop cleanly. */
    static final class LeftoverPostmaster {

        /** How far the process start may be from the start time PostgreSQL wrote into its pid file. */
        private static final Duration START_TOLERANCE = Duration.ofSeconds(10);

        private LeftoverPostmaster() {}

        /**
         * Called only while this process holds the data directory's lock. A live PostgreSQL named by
         * {@code postmaster.pid} was left running by a server that died (kill -9, crash): it is asked
         * to shut down fast and waited for. A pid file naming a process that is alive but is not that
         * PostgreSQL (the number was reused, for example after a container restart) is removed; one
         * naming a process that is gone is left to PostgreSQL, which removes it itself after checking
         * that no old backend still uses the shared memory.
         */
        static void stopOrRemove(Path dataDir, Duration timeout) {
            Path pidFile = dataDir.resolve("postmaster.pid");
            List<String> lines;
            try {
                lines = Files.readAllLines(pidFile);
            } catch (NoSuchFileException e) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long pid = number(lines, 0);
            if (pid <= 0) {
                // Empty or cut short: the server died while starting, before any backend existed.
                remove(pidFile, "it names no process");
                return;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                return;
            }
            if (isPostmaster(process.get(), number(lines, 2))) {
                stop(process.get(), dataDir, timeout);
            } else {
                remove(pidFile, "it names process " + pid + ", which is not the PostgreSQL of " + dataDir);
            }
        }

        private static void remove(Path pidFile, String why) {
            log.warn("Removing the stale {}: {}", pidFile, why);
            try {
                Files.deleteIfExists(pidFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static boolean isPostmaster(ProcessHandle process, long startedEpochSecond) {
            var info = process.info();
            boolean postgres = info.command()
                    .map(command -> Path.of(command).getFileName().toString())
                    .map(name -> name.equals("postgres") || name.equals("postgres.exe"))
                    .orElse(true);
            boolean startedThen = info.startInstant()
                    .map(start -> Duration.between(Instant.ofEpochSecond(startedEpochSecond), start)
                                    .abs()
                                    .compareTo(START_TOLERANCE)
                            <= 0)
                    .orElse(true);
            return postgres && startedThen;
        }

        private static void stop(ProcessHandle postmaster, Path dataDir, Duration timeout) {
            log.warn(
                    "The embedded PostgreSQL (process {}) on {} was left running by a Feedloop server that ended"
                            + " without stopping it; stopping it",
                    postmaster.pid(),
                    dataDir);
            if (!signalFastShutdown(postmaster)) {
                postmaster.destroy(); // SIGTERM: PostgreSQL's "smart" shutdown, once its clients are gone
            }
            try {
                postmaster.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new EmbeddedDatabaseException("The PostgreSQL (process " + postmaster.pid()
                        + ") left running on " + dataDir + " by an earlier Feedloop server did not stop within "
                        + timeout.toSeconds() + " s. Stop it (kill " + postmaster.pid() + ") and start again.");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EmbeddedDatabaseException("Interrupted while waiting for the PostgreSQL (process "
                        + postmaster.pid() + ") left running on " + dataDir + " to stop.");
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
            log.info("The PostgreSQL left running on {} has stopped", dataDir);
        }

        /** SIGINT is PostgreSQL's "fast" shutdown: it ends open sessions and writes a checkpoint. */
        private static boolean signalFastShutdown(ProcessHandle postmaster) {
            try {
                return new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid()))
                                .redirectErrorStream(true)
                                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                                .start()
                                .waitFor()
                        == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private static long number(List<String> lines, int index) {
            if (lines.size() <= index) {
                return -1;
            }
            try {
                return Long.parseLong(lines.get(index).strip());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
