package dev.feedloop.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTests {

    @TempDir
    Path dir;

    @Test
    void dataSurvivesARestart() throws SQLException {
        var properties = properties(dir.resolve("pg"), 0);
        try (EmbeddedDatabase db = EmbeddedDatabase.start(properties)) {
            execute(db, "CREATE TABLE note (text text); INSERT INTO note VALUES ('kept')");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(properties)) {
            assertThat(query(db, "SELECT text FROM note")).containsExactly("kept");
        }
    }

    @Test
    void everyCommitIsFlushedToDiskBeforeItIsAcknowledged() throws SQLException {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(properties(dir.resolve("pg"), 0))) {
            assertThat(query(db, "SHOW synchronous_commit")).containsExactly("on");
            assertThat(query(db, "SHOW fsync")).containsExactly("on");
            assertThat(query(db, "SHOW full_page_writes")).containsExactly("on");
        }
    }

    @Test
    void connectionsNeedTheGeneratedPassword() throws SQLException, IOException {
        Path dataDir = dir.resolve("pg");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(properties(dataDir, 0))) {
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl()))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("requested SCRAM-based authentication");
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.username(), "postgres"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            assertThat(query(db, "SELECT current_user")).containsExactly("postgres");

            Path passwordFile = dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE);
            assertThat(Files.readString(passwordFile).strip()).isEqualTo(db.password());
            assertThat(db.password()).hasSizeGreaterThanOrEqualTo(32);
            assertThat(Files.getPosixFilePermissions(passwordFile))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(activeLines(dataDir.resolve("pg_hba.conf")))
                    .isNotEmpty()
                    .allSatisfy(
                            line -> assertThat(line).endsWith("scram-sha-256").doesNotContain("trust"));
            assertThat(query(db, "SELECT DISTINCT auth_method FROM pg_hba_file_rules"))
                    .containsExactly("scram-sha-256");
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(properties(dataDir, 0))) {
            assertThat(again.password())
                    .isEqualTo(Files.readString(dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE))
                            .strip());
            assertThat(query(again, "SELECT 1")).containsExactly("1");
        }
    }

    @Test
    void aDataDirectoryCreatedWithTrustIsSwitchedToPasswordsAndKeepsItsData() throws Exception {
        Path dataDir = dir.resolve("pg");
        // What earlier versions did: zonky's own initdb, which lets every local user in as superuser.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(false)
                        .start();
                var connection = old.getPostgresDatabase().getConnection();
                var statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE feedloop");
        }
        assertThat(activeLines(dataDir.resolve("pg_hba.conf"))).anyMatch(line -> line.endsWith("trust"));
        try (EmbeddedDatabase db = EmbeddedDatabase.start(properties(dataDir, 0))) {
            execute(db, "CREATE TABLE note (text text); INSERT INTO note VALUES ('kept')");
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.username(), ""))
                    .isInstanceOf(SQLException.class);
            assertThat(activeLines(dataDir.resolve("pg_hba.conf")))
                    .isNotEmpty()
                    .noneMatch(line -> line.contains("trust"));
            Path passwordFile = dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE);
            assertThat(Files.readString(passwordFile).strip()).isEqualTo(db.password());
            assertThat(Files.getPosixFilePermissions(passwordFile))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(properties(dataDir, 0))) {
            assertThat(query(db, "SELECT text FROM note")).containsExactly("kept");
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.username(), ""))
                    .isInstanceOf(SQLException.class);
        }
    }

    @Test
    void aMissingPasswordFileIsReportedWithWhatToDo() throws IOException {
        Path dataDir = dir.resolve("pg");
        EmbeddedDatabase.start(properties(dataDir, 0)).close();
        Files.delete(dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE));
        assertThatThrownBy(() -> EmbeddedDatabase.start(properties(dataDir, 0)))
                .isInstanceOf(EmbeddedDatabaseException.class)
                .hasMessageContaining(
                        "password file " + dataDir.resolve(EmbeddedDatabase.PASSWORD_FILE) + " is missing")
                .hasMessageContaining("pg_hba.conf");
    }

    @Test
    void aSecondServerOnTheSameDirectoryIsRefusedWithAClearMessage() {
        var properties = properties(dir.resolve("pg"), 0);
        try (EmbeddedDatabase first = EmbeddedDatabase.start(properties)) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(properties))
                    .isInstanceOf(EmbeddedDatabaseException.class)
                    .hasMessageContaining("already used by another running")
                    .hasMessageContaining("feedloop.embedded-db.data-dir");
        }
    }

    @Test
    void aTakenPortIsReportedWithWhatToDo() throws IOException {
        try (var socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = socket.getLocalPort();
            assertThatThrownBy(() -> EmbeddedDatabase.start(properties(dir.resolve("pg"), port)))
                    .isInstanceOf(EmbeddedDatabaseException.class)
                    .hasMessageContaining("Port " + port + " is already taken")
                    .hasMessageContaining("feedloop.embedded-db.port");
        }
    }

    @Test
    void aDirectoryThatCannotBeCreatedIsReported() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        assertThatThrownBy(() -> EmbeddedDatabase.start(properties(file.resolve("pg"), 0)))
                .isInstanceOf(EmbeddedDatabaseException.class)
                .hasMessageContaining("Cannot create the embedded database directory")
                .hasMessageContaining("feedloop.embedded-db.data-dir");
    }

    static EmbeddedDatabaseProperties properties(Path path, int port) {
        return new EmbeddedDatabaseProperties(path, port, "feedloop", Duration.ofSeconds(60));
    }

    static void execute(EmbeddedDatabase db, String sql) throws SQLException {
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            connection.createStatement().execute(sql);
        }
    }

    static List<String> query(EmbeddedDatabase db, String sql) throws SQLException {
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                var rs = connection.createStatement().executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rs.next()) {
                values.add(rs.getString(1));
            }
            return values;
        }
    }

    /** The lines of a PostgreSQL configuration file without comments and blank lines. */
    static List<String> activeLines(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(line -> line.replaceAll("#.*", "").strip())
                .filter(line -> !line.isEmpty())
                .toList();
    }
}
