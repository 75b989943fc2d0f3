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
