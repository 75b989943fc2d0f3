package dev.feedloop.projects;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LineBreaksTests {

    @Test
    void crLfAndLoneCrBecomeLf() {
        assertThat(LineBreaks.normalize("a\r\nb\rc\nd\r\n\r\n")).isEqualTo("a\nb\nc\nd\n\n");
        assertThat(LineBreaks.normalize("\r\r\n")).isEqualTo("\n\n");
    }

    @Test
    void textWithoutCarriageReturnsAndNullStayAsTheyAre() {
        String text = "one\ntwo";
        assertThat(LineBreaks.normalize(text)).isSameAs(text);
        assertThat(LineBreaks.normalize(null)).isNull();
    }
}
