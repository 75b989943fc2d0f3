package dev.feedloop.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The checker of {@link ExportSchemaTests} finds what breaks {@code datasets}' chunked reading. */
class LineSchemaTests {

    final JsonMapper json = JsonMapper.builder().build();

    List<String> problems(long firstChunkLines, String... lines) {
        LineSchema schema = new LineSchema(Set.of());
        for (int i = 0; i < lines.length; i++) {
            schema.accept(
                    json.readTree(lines[i]),
                    i < firstChunkLines ? (LineSchema.CHUNK + firstChunkLines - 1) / firstChunkLines : 1);
        }
        return schema.problems();
    }

    @Test
    void oneSchemaPasses() {
        assertThat(problems(
                        3,
                        "{\"m\": 0.0, \"l\": [{\"c\": \"a\"}]}",
                        "{\"m\": 1.5, \"l\": []}",
                        "{\"m\": 2.0, \"l\": [{\"c\": \"b\"}]}"))
                .isEmpty();
    }

    @Test
    void aMissingKeyAnIntegerBesideAFloatAndNullBesideAStringFail() {
        assertThat(problems(9, "{\"m\": 1.0}", "{}")).isNotEmpty();
        assertThat(problems(9, "{\"m\": 1}", "{\"m\": 0.5}")).isNotEmpty();
        assertThat(problems(9, "{\"r\": null}", "{\"r\": \"x\"}")).isNotEmpty();
        assertThat(problems(9, "{\"l\": [{\"c\": \"a\"}]}", "{\"l\": [{\"c\": \"a\", \"r\": 1}]}"))
                .hasSize(1);
    }

    @Test
    void aListWithElementsOnlyAfterTheFirstChunkFails() {
        assertThat(problems(1, "{\"l\": []}", "{\"l\": [{\"c\": \"a\"}]}")).isNotEmpty();
        assertThat(problems(2, "{\"l\": []}", "{\"l\": [{\"c\": \"a\"}]}")).isEmpty();
    }
}
