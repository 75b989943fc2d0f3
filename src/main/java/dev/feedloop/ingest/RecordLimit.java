package dev.feedloop.ingest;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Stops a parser that would buffer one record without end: a CSV record whose quoted field runs
 * over many lines, or one element of a ShareGPT array. The reader counts the characters handed out
 * since the last {@link #startRecord()} and throws {@link TooLong} past the limit (give or take the
 * parser's read-ahead).
 */
final class RecordLimit extends FilterReader {

    /** Thrown (unchecked, so that it passes through the parsers) when a record is over the limit. */
    static final class TooLong extends RuntimeException {
        TooLong() {
            super(null, null, false, false);
        }
    }

    private final long limit;
    private long count;

    RecordLimit(Reader in, long limit) {
        super(in);
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    /** A new record begins: the count starts again. */
    void startRecord() {
        count = 0;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            add(1);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            add(n);
        }
        return n;
    }

    private void add(int n) {
        count += n;
        if (count > limit) {
            throw new TooLong();
        }
    }
}
