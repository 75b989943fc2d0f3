package dev.feedloop.export;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * Runs {@code COPY (query) TO STDOUT} and pumps the bytes to a stream. The query returns one text
 * column of JSON lines. CSV format with a delimiter and a quote character that JSON text never holds
 * unescaped ({@code \x01} and {@code \x02}: JSON escapes every control character) makes PostgreSQL
 * write each value as is, followed by a newline: the COPY output is the NDJSON file itself, so
 * nothing is parsed or copied on this side.
 */
final class CopyOut {

    private CopyOut() {}

    static String copyStatement(String query) {
        return "COPY (" + query + ") TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')";
    }

    /** Copies the lines of {@code query} to {@code out} on {@code connection}; returns the number of lines. */
    static long copy(Connection connection, String query, OutputStream out) throws SQLException, IOException {
        return connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copyStatement(query), out);
    }
}
