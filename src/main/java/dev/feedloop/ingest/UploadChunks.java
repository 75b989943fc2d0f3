package dev.feedloop.ingest;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The stored uploads of import jobs: {@code import_upload} rows of about 1 MB each, so that any
 * server of the database can run the job. Chunks are written as the upload streams in, each in a
 * statement of its own (no transaction waits for the client), and read back one at a time.
 */
@Component
class UploadChunks {

    static final int CHUNK_BYTES = 1024 * 1024;

    private final JdbcClient jdbc;

    UploadChunks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the import's chunks in order; closing writes the last, partial one. */
    OutputStream writer(long importId) {
        return new OutputStream() {
            private final byte[] buffer = new byte[CHUNK_BYTES];
            private int used;
            private int seq;

            @Override
            public void write(int b) {
                buffer[used++] = (byte) b;
                if (used == buffer.length) {
                    flushChunk();
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                while (len > 0) {
                    int n = Math.min(len, buffer.length - used);
                    System.arraycopy(b, off, buffer, used, n);
                    used += n;
                    off += n;
                    len -= n;
                    if (used == buffer.length) {
                        flushChunk();
                    }
                }
            }

            @Override
            public void close() {
                if (used > 0) {
                    flushChunk();
                }
            }

            private void flushChunk() {
                jdbc.sql("INSERT INTO import_upload (import_id, seq, data) VALUES (?, ?, ?)")
                        .params(importId, seq++, Arrays.copyOf(buffer, used))
                        .update();
                used = 0;
            }
        };
    }

    /** Reads the import's chunks back in order, one chunk in memory at a time. */
    InputStream reader(long importId) {
        return new InputStream() {
            private byte[] chunk = new byte[0];
            private int position;
            private int seq;
            private boolean ended;

            @Override
            public int read() {
                if (!available(1)) {
                    return -1;
                }
                return chunk[position++] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (!available(len)) {
                    return -1;
                }
                int n = Math.min(len, chunk.length - position);
                System.arraycopy(chunk, position, b, off, n);
                position += n;
                return n;
            }

            private boolean available(int wanted) {
                while (position >= chunk.length) {
                    if (ended) {
                        return false;
                    }
                    var next = jdbc.sql("SELECT data FROM import_upload WHERE import_id = ? AND seq = ?")
                            .params(importId, seq++)
                            .query(byte[].class)
                            .optional();
                    if (next.isEmpty()) {
                        ended = true;
                        return false;
                    }
                    chunk = next.get();
                    position = 0;
                }
                return wanted > 0;
            }
        };
    }

    void delete(long importId) {
        jdbc.sql("DELETE FROM import_upload WHERE import_id = ?")
                .param(importId)
                .update();
    }
}
