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
}
