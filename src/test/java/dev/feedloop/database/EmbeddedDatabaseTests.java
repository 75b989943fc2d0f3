package dev.feedloop.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
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
        try (EmbeddedDatabase db = EmbeddedDatabase.start(properties);
                var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), "");
                var rs = connection.createStatement().executeQuery("SELECT text FROM note")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kept");
        }
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

    private static EmbeddedDatabaseProperties properties(Path path, int port) {
        return new EmbeddedDatabaseProperties(path, port, "feedloop", Duration.ofSeconds(60));
    }

    private static void execute(EmbeddedDatabase db, String sql) throws SQLException {
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), "")) {
            connection.createStatement().execute(sql);
        }
    }
}
