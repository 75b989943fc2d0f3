package dev.feedloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTests {

    static List<String> lines(String text) throws IOException {
        LineReader reader = new LineReader(new StringReader(text));
        List<String> lines = new ArrayList<>();
        for (String line = reader.next(); line != null; line = reader.next()) {
            lines.add(reader.lineNumber() + ":" + line);
        }
        return lines;
    }

    @Test
    void splitsAtLineFeedsOnlyAndDropsCarriageReturns() throws IOException {
        assertThat(lines("a\r\nb\rc\n\nd")).containsExactly("1:a", "2:b\rc", "3:", "4:d");
    }

    @Test
    void readsLinesLongerThanTheBuffer() throws IOException {
        String longLine = "x".repeat(200_000);
        assertThat(lines(longLine + "\nend\n")).containsExactly("1:" + longLine, "2:end");
    }

    @Test
    void aLineOverTheLimitIsSkippedAndMarked() throws IOException {
        LineReader reader =
                new LineReader(new StringReader("short\n" + "x".repeat(150_000) + "\r\nnext\n12345\r\n"), 5);
        assertThat(reader.next()).isEqualTo("short");
        assertThat(reader.tooLong()).isFalse();
        assertThat(reader.next()).isEmpty();
        assertThat(reader.tooLong()).isTrue();
        assertThat(reader.lineNumber()).isEqualTo(2);
        assertThat(reader.next()).isEqualTo("next");
        assertThat(reader.tooLong()).isFalse();
        assertThat(reader.next()).as("a carriage return does not count").isEqualTo("12345");
        assertThat(reader.next()).isNull();
    }
}
