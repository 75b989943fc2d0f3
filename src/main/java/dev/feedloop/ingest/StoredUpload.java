package dev.feedloop.ingest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An upload copied where it can be read twice (check, then write) without a transaction waiting
 * for a slow client: into {@code import_upload} ({@link UploadChunks}) for an import job, or a
 * temporary file. While copying: gzip is undone (recognised by its
 * magic bytes), size limits are enforced, a UTF-8 byte-order mark is dropped, lines are counted,
 * and every line that is not valid UTF-8 is noted. A line longer than the line limit stops the copy
 * at once, so no later step ever holds such a line (or the rest of a gzip bomb) in memory.
 */
final class StoredUpload implements AutoCloseable {

    /** Opens the stored text from its start. */
    interface Source {
        InputStream open() throws IOException;
    }

    /** Removes the stored text. */
    interface Removal {
        void remove() throws IOException;
    }

    private final Source source;
    private final Removal removal;
    private final long bytes;
    private final long lines;
    private final List<ImportError> encodingErrors;
    private final Set<Long> badLines;
    private final boolean blank;

    StoredUpload(
            Source source,
            Removal removal,
            long bytes,
            long lines,
            List<ImportError> encodingErrors,
            Set<Long> badLines,
            boolean blank) {
        this.source = source;
        this.removal = removal;
        this.blank = blank;
        this.bytes = bytes;
        this.lines = lines;
        this.encodingErrors = encodingErrors;
        this.badLines = badLines;
    }

    /** Stores the upload in a temporary file, deleted on {@link #close()}. */
    static StoredUpload store(
            InputStream upload, long maxUploadBytes, long maxContentBytes, long maxLineBytes, int maxErrors)
            throws IOException {
        Path file = Files.createTempFile("feedloop-import-", ".txt");
        try {
            return store(
                    upload,
                    new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024),
                    () -> Files.newInputStream(file),
                    () -> Files.deleteIfExists(file),
                    maxUploadBytes,
                    maxContentBytes,
                    maxLineBytes,
                    maxErrors);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /**
     * Copies the upload to {@code target} (closed at the end), checking it on the way; the result
     * reads it back from {@code source}. On any failure {@code removal} has run before it is thrown.
     */
    static StoredUpload store(
            InputStream upload,
            OutputStream target,
            Source source,
            Removal removal,
            long maxUploadBytes,
            long maxContentBytes,
            long maxLineBytes,
            int maxErrors)
            throws IOException {
        try {
            Limited raw = new Limited(upload, maxUploadBytes, "upload");
            BufferedInputStream peek = new BufferedInputStream(raw, 64 * 1024);
            peek.mark(2);
            int first = peek.read();
            int second = peek.read();
            peek.reset();
            InputStream content = peek;
            if (first == 0x1f && second == 0x8b) {
                content = new GZIPInputStream(peek, 64 * 1024);
            }
            Limited limited = new Limited(content, maxContentBytes, "decompressed content");
            Utf8Lines check = new Utf8Lines(maxErrors, maxLineBytes);
            try (OutputStream out = target) {
                byte[] buffer = new byte[64 * 1024];
                boolean start = true;
                int n;
                while ((n = limited.read(buffer)) > 0) {
                    int offset = 0;
                    if (start) {
                        start = false;
                        if (n >= 3
                                && (buffer[0] & 0xff) == 0xEF
                                && (buffer[1] & 0xff) == 0xBB
                                && (buffer[2] & 0xff) == 0xBF) {
                            offset = 3;
                        }
                    }
                    check.feed(buffer, offset, n - offset);
                    out.write(buffer, offset, n - offset);
                }
            } catch (ZipException | java.io.EOFException e) {
                throw IngestRefusals.unreadable("the gzip data is damaged (" + e.getMessage() + ")");
            }
            check.finish();
            return new StoredUpload(
                    source, removal, limited.count, check.lines(), check.errors, check.badLines, check.blank);
        } catch (IOException | RuntimeException e) {
            removal.remove();
            throw e;
        }
    }

    /** The stored text, read as UTF-8 (invalid bytes, already reported, become U+FFFD). */
    Reader reader() throws IOException {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new java.io.InputStreamReader(source.open(), decoder);
    }

    long bytes() {
        return bytes;
    }

    long lines() {
        return lines;
    }

    List<ImportError> encodingErrors() {
        return encodingErrors;
    }

    Set<Long> badLines() {
        return badLines;
    }

    /** Whether the content is empty or only spaces, tabs and line breaks. */
    boolean blank() {
        return blank;
    }

    @Override
    public void close() throws IOException {
        removal.remove();
    }

    /** Refuses to read past a limit. */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private final String what;
        private long count;

        Limited(InputStream in, long limit, String what) {
            super(in);
            this.limit = limit;
            this.what = what;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        private void add(long n) {
            count += n;
            if (count > limit) {
                throw IngestRefusals.tooLarge(what, limit);
            }
        }
    }

    /**
     * A UTF-8 validator that counts lines, notes the lines holding invalid sequences, and refuses a
     * line longer than the limit.
     */
    private static final class Utf8Lines {
        private final int maxErrors;
        private final long maxLineBytes;
        private long lineBytes;
        private boolean blank = true;
        private final List<ImportError> errors = new ArrayList<>();
        private final Set<Long> badLines = new HashSet<>();
        private long line = 1;
        private boolean lineHasContent;
        private int needed;
        private int lower = 0x80;
        private int upper = 0xBF;

        Utf8Lines(int maxErrors, long maxLineBytes) {
            this.maxErrors = maxErrors;
            this.maxLineBytes = maxLineBytes;
        }

        void feed(byte[] buffer, int offset, int length) {
            for (int i = offset; i < offset + length; i++) {
                int b = buffer[i] & 0xff;
                if (needed > 0) {
                    if (b >= lower && b <= upper) {
                        needed--;
                        lower = 0x80;
                        upper = 0xBF;
                        continue;
                    }
                    invalid();
                    // fall through: the byte starts something new
                }
                if (b == '\n') {
                    line++;
                    lineBytes = 0;
                    lineHasContent = false;
                    continue;
                }
                if (++lineBytes > maxLineBytes) {
                    throw IngestRefusals.lineTooLong(line, maxLineBytes);
                }
                lineHasContent = true;
                if (blank && b != ' ' && b != '\t' && b != '\r') {
                    blank = false;
                }
                if (b < 0x80) {
                    continue;
                }
                if (b >= 0xC2 && b <= 0xDF) {
                    needed = 1;
                } else if (b == 0xE0) {
                    needed = 2;
                    lower = 0xA0;
                } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
                    needed = 2;
                } else if (b == 0xED) {
                    needed = 2;
                    upper = 0x9F;
                } else if (b == 0xF0) {
                    needed = 3;
                    lower = 0x90;
                } else if (b >= 0xF1 && b <= 0xF3) {
                    needed = 3;
                } else if (b == 0xF4) {
                    needed = 3;
                    upper = 0x8F;
                } else {
                    invalid();
                }
            }
        }

        void finish() {
            if (needed > 0) {
                invalid();
            }
        }

        /** Lines in the file: a last line without a line break counts, an empty end does not. */
        long lines() {
            return lineHasContent ? line : line - 1;
        }

        private void invalid() {
            needed = 0;
            lower = 0x80;
            upper = 0xBF;
            if (badLines.add(line) && errors.size() < maxErrors) {
                errors.add(ImportError.of(
                        line, null, "not valid UTF-8 text (save the file as UTF-8)", "ingest.problem.notUtf8"));
            }
        }
    }
}
