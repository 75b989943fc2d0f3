package dev.feedloop.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A table lock held by the test on a connection of its own until closed, to stop a server's
 * transaction at the statement that writes the table (an {@code EXCLUSIVE} lock lets readers on).
 */
public final class TableLock implements AutoCloseable {

    private final Connection connection;

    private TableLock(Connection connection) {
        this.connection = connection;
    }

    public static TableLock exclusive(DataSource dataSource, String table) {
        try {
            Connection connection = dataSource.getConnection();
            connection.setAutoCommit(false);
            try (Statement lock = connection.createStatement()) {
                lock.execute("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
            }
            return new TableLock(connection);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a statement of the connection named {@code applicationName} waits for a lock (such as this one). */
    public static boolean blocks(org.springframework.jdbc.core.simple.JdbcClient jdbc, String applicationName) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                                       WHERE application_name = ? AND wait_event_type = 'Lock')
                        """).param(applicationName).query(Boolean.class).single();
    }

    /** Ends the locking transaction (once): the blocked statement goes on. */
    @Override
    public void close() {
        try {
            if (connection.isClosed()) {
                return;
            }
            connection.rollback();
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
