package dev.feedloop.ingest;

import java.io.IOException;
import java.io.Reader;

/**
 * Splits text into lines at {@code \n} only (dropping a {@code \r} before it), so that line numbers
 * agree with the byte-level count made while the upload was stored. A line longer than the limit is
 * not kept: the rest of it is skipped without being buffered, and it is returned empty with {@link
 * #tooLong()} set.
 */
final class LineReader {

    private final Reader in;
    private final long maxLineLength;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private long lineNumber;
    private boolean tooLong;

    LineReader(Reader in) {
        this(in, Integer.MAX_VALUE - 16);
    }

    /** Lines longer than {@code maxLineLength} characters are skipped (see {@link #tooLong()}). */
    LineReader(Reader in, long maxLineLength) {
        this.in = in;
        this.maxLineLength = maxLineLength;
    }

    /** The number of the line last returned (1-based). */
    long lineNumber() {
        return lineNumber;
    }

    /** Whether the line last returned was over the limit (and is returned empty). */
    boolean tooLong() {
        return tooLong;
    }

    /** The next line without its terminator, or {@code null} at the end. */
    String next() throws IOException {
        StringBuilder line = null;
        tooLong = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (line == null && !tooLong) {
                        return null;
                    }
                    return finish(line);
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (!tooLong) {
                if (line == null) {
                    line = new StringBuilder(Math.max(16, position - start));
                }
                if (line.length() + (long) (position - start) > maxLineLength + 1) {
                    // One more than the limit is kept for a '\r' before the '\n'; beyond that, skip.
                    tooLong = true;
                    line = null;
                } else {
                    line.append(buffer, start, position - start);
                }
            }
            if (position < limit) {
                position++;
                return finish(line);
            }
        }
    }

    private String finish(StringBuilder line) {
        lineNumber++;
        if (tooLong) {
            return "";
        }
        String text = strip(line);
        if (text.length() > maxLineLength) {
            tooLong = true;
            return "";
        }
        return text;
    }

    private static String strip(StringBuilder line) {
        int length = line.length();
        if (length > 0 && line.charAt(length - 1) == '\r') {
            line.setLength(length - 1);
        }
        return line.toString();
    }
}
