package dev.feedloop.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stopped embedded PostgreSQL starts again on the same port, as a database restart under a
 * running server needs, even when a closed connection on that port still lingers in TCP TIME_WAIT
 * (for a minute after it closed), which PostgreSQL itself does not mind.
 */
class EmbeddedDatabaseRestartTests {

    @TempDir
    Path dir;

    @Test
    void startsAgainOnTheSamePortWhileAClosedConnectionOnItLingers() throws SQLException, IOException {
        EmbeddedDatabase first = EmbeddedDatabase.start(properties(0));
        int port = first.port();
        try (Connection open = DriverManager.getConnection(first.jdbcUrl(), first.username(), first.password())) {
            open.createStatement().execute("CREATE TABLE note (text text); INSERT INTO note VALUES ('kept')");
        }
        first.close();
        lingerOn(port);

        try (EmbeddedDatabase again = EmbeddedDatabase.start(properties(port));
                var connection = DriverManager.getConnection(again.jdbcUrl(), again.username(), again.password());
                var rs = connection.createStatement().executeQuery("SELECT text FROM note")) {
            assertThat(again.port()).isEqualTo(port);
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("kept");
        }
    }

    /**
     * Leaves a connection in TIME_WAIT whose local port is {@code port}, as any short connection
     * that the system gave that port to leaves behind: it is closed from this side first.
     */
    private static void lingerOn(int port) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (var server = new ServerSocket(0, 1, loopback);
                var client = new Socket()) {
            client.setReuseAddress(true);
            client.bind(new InetSocketAddress(loopback, port));
            client.connect(server.getLocalSocketAddress(), 2000);
            try (Socket accepted = server.accept()) {
                client.close();
                accepted.getInputStream().read();
            }
        }
    }

    private EmbeddedDatabaseProperties properties(int port) {
        return new EmbeddedDatabaseProperties(dir.resolve("pg"), port, "feedloop_restart", Duration.ofSeconds(60));
    }
}
