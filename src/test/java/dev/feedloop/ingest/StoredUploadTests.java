package dev.feedloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.problems.Refusal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class StoredUploadTests {

    static StoredUpload store(byte[] bytes) throws IOException {
        return StoredUpload.store(new ByteArrayInputStream(bytes), 1_000_000, 1_000_000, 100_000, 100);
    }

    static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    static String read(StoredUpload upload) throws IOException {
        try (Reader in = upload.reader()) {
            StringBuilder text = new StringBuilder();
            char[] buffer = new char[256];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        }
    }

    @Test
    void countsLinesWithOrWithoutAFinalLineBreak() throws IOException {
        try (StoredUpload a = store("a\nb\n".getBytes(StandardCharsets.UTF_8));
                StoredUpload b = store("a\nb".getBytes(StandardCharsets.UTF_8));
                StoredUpload empty = store(new byte[0])) {
            assertThat(a.lines()).isEqualTo(2);
            assertThat(b.lines()).isEqualTo(2);
            assertThat(empty.lines()).isZero();
        }
    }

    @Test
    void dropsTheByteOrderMark() throws IOException {
        try (StoredUpload upload = store("\uFEFFhello".getBytes(StandardCharsets.UTF_8))) {
            assertThat(read(upload)).isEqualTo("hello");
            assertThat(upload.encodingErrors()).isEmpty();
        }
    }

    @Test
    void acceptsEveryValidUtf8Sequence() throws IOException {
        String text = "a é € 𝄞 я 中\n";
        try (StoredUpload upload = store(text.getBytes(StandardCharsets.UTF_8))) {
            assertThat(upload.encodingErrors()).isEmpty();
            assertThat(read(upload)).isEqualTo(text);
        }
    }

    @Test
    void notesEachLineWithInvalidUtf8() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("ok\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes(0xC0, 0xAF, '\n')); // overlong "/"
        out.writeBytes(bytes(0xED, 0xA0, 0x80, '\n')); // a UTF-16 surrogate
        out.writeBytes(bytes('x', 0xFF, '\n'));
        out.writeBytes("fine\n".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes('e', 0xE2, 0x82)); // cut off at the end
        try (StoredUpload upload = store(out.toByteArray())) {
            assertThat(upload.badLines()).containsExactlyInAnyOrder(2L, 3L, 4L, 6L);
            assertThat(upload.encodingErrors()).extracting(ImportError::line).containsExactly(2L, 3L, 4L, 6L);
        }
    }

    @Test
    void undoesGzip() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write("line one\nline two\n".getBytes(StandardCharsets.UTF_8));
        }
        try (StoredUpload upload = store(zipped.toByteArray())) {
            assertThat(read(upload)).isEqualTo("line one\nline two\n");
            assertThat(upload.lines()).isEqualTo(2);
        }
    }

    @Test
    void refusesUploadsOverTheLimit() {
        assertThatThrownBy(() -> StoredUpload.store(new ByteArrayInputStream(new byte[11]), 10, 100, 100, 100))
                .isInstanceOfSatisfying(
                        Refusal.class, e -> assertThat(e.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE));
    }

    @Test
    void refusesContentThatDecompressesOverTheLimit() throws IOException {
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(zipped)) {
            gzip.write(new byte[100_000]);
        }
        assertThat(zipped.size()).isLessThan(1_000);
        assertThatThrownBy(() -> StoredUpload.store(
                        new ByteArrayInputStream(zipped.toByteArray()), 1_000, 10_000, 1_000_000, 100))
                .isInstanceOfSatisfying(
                        Refusal.class,
                        e -> assertThat(e.getDetailMessageArguments()).contains("decompressed content"));
    }

    @Test
    void refusesDamagedGzip() {
        byte[] broken = bytes(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3);
        assertThatThrownBy(() -> store(broken)).isInstanceOf(Refusal.class);
    }
}
