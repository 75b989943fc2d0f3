package dev.feedloop.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.zip.GZIPOutputStream;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Runs {@code COPY (query) TO STDOUT} and pumps the bytes to a stream. The query returns one text
 * column of JSON lines. CSV format with a delimiter and a quote character that JSON text never holds
 * unescaped ({@code \x01} and {@code \x02}: JSON escapes every control character) makes PostgreSQL
 * write each value as is, followed by a newline: the COPY output is the NDJSON file itself, so
 * nothing is parsed or copied on this side.
 */
final class CopyOut {

    private static final int BUFFER = 1 << 16;

    private CopyOut() {}

    static String copyStatement(String query) {
        return "COPY (" + query + ") TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')";
    }

    /** Copies the lines of {@code query} to {@code out} on {@code connection}; returns the number of lines. */
    static long copy(Connection connection, String query, OutputStream out) throws SQLException, IOException {
        return connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copyStatement(query), out);
    }

    /**
     * Copies the lines of {@code query} to {@code out}, gzip-compressed at {@code gzipLevel} when
     * {@code gzip}, in a read-only transaction on a connection of its own (so it may run outside
     * any transaction of the caller, on the thread that writes the response). Returns the number
     * of lines.
     */
    static long stream(DataSource dataSource, String query, OutputStream out, boolean gzip, int gzipLevel)
            throws IOException {
        OutputStream target = gzip
                ? new GZIPOutputStream(out, BUFFER) {
                    {
                        def.setLevel(gzipLevel);
                    }
                }
                : new BufferedOutputStream(out, BUFFER);
        long rows;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try {
                rows = copy(connection, query, target);
                connection.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setReadOnly(false);
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException("COPY failed: " + e.getMessage(), e);
        }
        if (target instanceof GZIPOutputStream zip) {
            zip.finish();
        }
        target.flush();
        return rows;
    }
}
