package dev.feedloop.database;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure that means "the database cannot be reached right now" from every other database
 * failure, by the SQL exception somewhere in its causes, whichever Spring, JPA or security
 * exception wraps it: no pooled connection within the pool's timeout, connection refused or broken
 * (SQLState class 08), the server shutting down, crashed or still starting (57P01, 57P02, 57P03),
 * or out of connection slots (53300). Such a request may succeed when retried a little later.
 *
 * <p>When the connection breaks inside a transaction, the rollback that follows fails too and its
 * exception replaces the first one: the pool's closed-connection stand-in answers "Connection is
 * closed" without an SQLState, and a {@link TransactionSystemException} keeps the first failure
 * aside as its application exception. Both count.
 */
public final class DatabaseOutage {

    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");
    private static final String POOL_CLOSED_CONNECTION = "Connection is closed";
    private static final int MAX_DEPTH = 32;

    private DatabaseOutage() {}

    /** Whether {@code failure} or one of its causes says the database is unreachable. */
    public static boolean isCauseOf(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && unavailable(sql)) {
                return true;
            }
            if (cause instanceof TransactionSystemException transaction
                    && transaction.getApplicationException() != null
                    && transaction.getApplicationException() != failure
                    && isCauseOf(transaction.getApplicationException())) {
                return true;
            }
        }
        return false;
    }

    private static boolean unavailable(SQLException sql) {
        String sqlState = sql.getSQLState();
        if (sqlState == null) {
            return POOL_CLOSED_CONNECTION.equals(sql.getMessage());
        }
        return sqlState.startsWith("08") || UNAVAILABLE_STATES.contains(sqlState);
    }
}
