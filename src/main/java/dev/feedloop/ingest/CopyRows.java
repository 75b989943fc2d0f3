package dev.feedloop.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;

/**
 * Rows for {@code COPY ... FROM STDIN} in PostgreSQL's text format: tab between columns, a newline
 * after each row, {@code \N} for NULL, and backslash, newline, carriage return and tab escaped.
 */
final class CopyRows {

    private final StringBuilder rows;
    private boolean rowStarted;
    private int count;

    CopyRows(int capacity) {
        this.rows = new StringBuilder(capacity);
    }

    /** Appends a text column ({@code null} becomes SQL NULL). */
    CopyRows text(String value) {
        separate();
        if (value == null) {
            rows.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> rows.append("\\\\");
                case '\n' -> rows.append("\\n");
                case '\r' -> rows.append("\\r");
                case '\t' -> rows.append("\\t");
                default -> rows.append(c);
            }
        }
        return this;
    }

    /** Appends a number column. */
    CopyRows number(long value) {
        separate();
        rows.append(value);
        return this;
    }

    /** Ends the current row. */
    CopyRows end() {
        rows.append('\n');
        rowStarted = false;
        count++;
        return this;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Sends the rows with {@code copy} (a {@code COPY ... FROM STDIN} statement), then forgets them. */
    void copyInto(Connection connection, String copy) throws SQLException, IOException {
        if (count == 0) {
            return;
        }
        connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy, new StringReader(rows.toString()));
        rows.setLength(0);
        count = 0;
    }

    private void separate() {
        if (rowStarted) {
            rows.append('\t');
        }
        rowStarted = true;
    }
}
