package dev.feedloop.export;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.projects.Projects;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Machine judgments in the database change no preference export: the files are byte for byte the same. */
@IntegrationTest
class ExportsWithoutJudgesTests {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestData data;

    @Autowired
    DatasetExporter exporter;

    @Autowired
    Projects projects;

    byte[] raw(long project, ExportParameters parameters) {
        var export = exporter.prepare(projects.get(project), exporter.request(ExportKind.PREFERENCES, parameters));
        var out = new ByteArrayOutputStream();
        try {
            exporter.stream(export, out, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    List<byte[]> everyPreferenceExport(long project, String asOf) {
        List<byte[]> files = new ArrayList<>();
        for (String format : List.of("trl", "openai-dpo", "kto", "rankings")) {
            for (String aggregation : List.of("raw", "majority")) {
                files.add(raw(
                        project,
                        new ExportParameters(
                                format,
                                null,
                                aggregation,
                                null,
                                null,
                                null,
                                null,
                                null,
                                asOf,
                                null,
                                null,
                                null,
                                null)));
            }
        }
        return files;
    }

    @Test
    void machineJudgmentsChangeNoPreferenceExport() {
        long project = data.project().slug("judged").create().id();
        long item = data.storedItem(project, "q1", List.of(message("user", "Which is better?")));
        for (String candidate : List.of("a", "b", "c")) {
            data.candidate(item, candidate, "m-" + candidate, "Answer " + candidate);
        }
        data.ranking(item, data.user().id())
                .tiers(List.of("a"), List.of("b"), List.of("c"))
                .insert();
        data.ranking(item, data.user().id())
                .tiers(List.of("b"), List.of("a", "c"))
                .insert();
        String asOf = Instant.now().plus(1, ChronoUnit.DAYS).toString();
        List<byte[]> before = everyPreferenceExport(project, asOf);
        assertThat(before).allSatisfy(file -> assertThat(file).isNotEmpty());
        for (String order : List.of("FORWARD", "REVERSED")) {
            jdbc.sql("""
                            INSERT INTO machine_judgment (project_id, item_id, endpoint_name, model, candidate_order,
                                                          shown, tiers, raw_reply)
                            VALUES (?, ?, 'judge', 'judge-model', ?, '["a", "b", "c"]', '[["c"], ["b"], ["a"]]', '{}')
                            """).params(project, item, order).update();
        }
        List<byte[]> after = everyPreferenceExport(project, asOf);
        for (int i = 0; i < before.size(); i++) {
            assertThat(after.get(i)).isEqualTo(before.get(i));
        }
    }
}
