package dev.feedloop.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.projects.Projects;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every format, read as {@code datasets} reads JSON Lines ({@link LineSchema}), over files larger
 * than 10 MB whose optional values all first appear after the first 10 MB: the project's first
 * {@value #EARLY} items have no strength, guideline, rationale, rating, flag, candidate model,
 * based-on candidate, reviewer's edit, machine judgment or decision; the items after them have all
 * of them, and majority margins there are fractions where earlier ones are whole numbers.
 */
@IntegrationTest
class ExportSchemaTests {

    static final int EARLY = 4000;
    static final int ITEMS = 4500;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    @Autowired
    DatasetExporter exporter;

    @Autowired
    Projects projects;

    record Variant(ExportKind kind, ExportParameters parameters) {

        static Variant sft(String format, String weights) {
            return new Variant(
                    ExportKind.SFT,
                    new ExportParameters(
                            format, "all", null, null, null, null, null, null, null, null, null, null, weights));
        }

        static Variant prefs(String format, String aggregation, String judges) {
            return prefs(format, aggregation, judges, null, null);
        }

        static Variant prefs(String format, String aggregation, String judges, String split, String margin) {
            return new Variant(
                    ExportKind.PREFERENCES,
                    new ExportParameters(
                            format,
                            null,
                            aggregation,
                            split,
                            "0.3",
                            "v1",
                            null,
                            null,
                            null,
                            null,
                            judges,
                            margin,
                            null));
        }

        @Override
        public String toString() {
            return parameters.format() + " " + parameters.aggregation() + " judges=" + parameters.judges()
                    + " split=" + parameters.split() + " margin=" + parameters.margin() + " weights="
                    + parameters.weights();
        }
    }

    @Test
    void everyFormatHasOneSchemaOnEveryLineWhenOptionalValuesFirstAppearAfterTenMegabytes() {
        long project = scenario();
        List<Variant> variants = new ArrayList<>();
        variants.add(Variant.sft("messages", null));
        variants.add(Variant.sft("prompt-completion", null));
        variants.add(Variant.sft("messages", "last"));
        for (String format : List.of("trl", "openai-dpo", "rankings", "kto", "llama-factory", "llama-factory-kto")) {
            variants.add(Variant.prefs(format, "raw", "exclude"));
            if (List.of("trl", "rankings", "kto").contains(format)) {
                variants.add(Variant.prefs(format, "raw", "include"));
            }
            if (!format.equals("rankings")) {
                variants.add(Variant.prefs(format, "majority", "include"));
            }
        }
        variants.add(Variant.prefs("trl", "majority", "exclude"));
        variants.add(Variant.prefs("kto", "majority", "exclude"));
        variants.add(Variant.prefs("trl", "majority", "exclude", null, "omit"));
        variants.add(Variant.prefs("trl", "raw", "include", "train", null));

        List<String> failures = new ArrayList<>();
        for (Variant variant : variants) {
            LineSchema schema = read(project, variant);
            assertThat(schema.bytes()).as("%s is larger than a chunk", variant).isGreaterThan(LineSchema.CHUNK);
            assertThat(Integer.parseInt(schema.lastOfFirstChunk().substring(2)))
                    .as("%s: the first chunk ends before the late items", variant)
                    .isLessThanOrEqualTo(EARLY);
            schema.problems().forEach(p -> failures.add(variant + ": " + p));
        }
        assertThat(failures).isEmpty();
    }

    /** Streams the export through the checker line by line. */
    LineSchema read(long project, Variant variant) {
        var export = exporter.prepare(projects.get(project), exporter.request(variant.kind(), variant.parameters()));
        LineSchema schema = new LineSchema(variant.parameters().weights() == null ? Set.of() : Set.of("messages[]"));
        try (var in = new PipedInputStream(1 << 20);
                var out = new PipedOutputStream(in)) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try (out) {
                    exporter.stream(export, out, false);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                schema.accept(json.readTree(line), line.getBytes(StandardCharsets.UTF_8).length + 1);
            }
            writer.join();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schema;
    }

    /**
     * {@value #ITEMS} items of a multi-turn conversation and three candidates; the early items have
     * one ranking (no strength, or strength 2 from item 2001) and two demonstrations, plain; the
     * late ones three rankings (strengths 1, 2, 2) with ratings, flags, rationale and guideline,
     * candidates with models, a based-on candidate, a reviewer's edit, a judge's two orders, and
     * every 50th a reviewer's decision, every 40th a rank-task skip.
     */
    long scenario() {
        long project = data.project()
                .slug("schema")
                .dimensions("[{\"name\":\"helpfulness\",\"min\":1,\"max\":7}]")
                .flags("[\"refusal\"]")
                .create()
                .id();
        long[] people = {data.user().id(), data.user().id(), data.user().id()};
        String late = "n > " + EARLY;
        jdbc.sql("""
                        INSERT INTO item (project_id, external_id, messages)
                        SELECT :project, 'q-' || n, jsonb_build_array(
                                   jsonb_build_object('role', 'system', 'content', 'You answer questions about exports.'),
                                   jsonb_build_object('role', 'user', 'content', 'First question ' || n),
                                   jsonb_build_object('role', 'assistant', 'content', 'An imported earlier answer.'),
                                   jsonb_build_object('role', 'user', 'content',
                                       repeat('Explain how the export keeps one schema. ', 24) || n))
                        FROM generate_series(1, :items) n""").param("project", project).param("items", ITEMS).update();
        String items = "SELECT i.id, substr(i.external_id, 3)::int AS n FROM item i WHERE i.project_id = " + project;
        jdbc.sql("""
                        INSERT INTO candidate (item_id, external_id, model, content)
                        SELECT i.id, c, CASE WHEN %s THEN 'model-' || c END, repeat('Answer ' || c || '. ', 40)
                        FROM (%s) i CROSS JOIN unnest(ARRAY['a', 'b', 'c']) c""".formatted(late, items)).update();
        jdbc.sql("""
                        INSERT INTO task (project_id, item_id, kind, state, done_at)
                        SELECT %d, i.id, 'RANK', 'DONE', now() FROM (%s) i""".formatted(project, items)).update();
        String tasks = "SELECT t.id AS task_id, i.id, i.n FROM (" + items + ") i JOIN task t ON t.item_id = i.id";
        jdbc.sql("""
                        INSERT INTO ranking (task_id, item_id, project_id, annotator_id, tiers, displayed_order,
                                             ratings, flags, strength, rationale, guideline_version, submitted_at)
                        SELECT t.task_id, t.id, :project, (ARRAY[:p1, :p2, :p3])[k],
                               CASE WHEN k = 3 THEN '[["a"], ["c"], ["b"]]' ELSE '[["a"], ["b"], ["c"]]' END::jsonb,
                               '["a", "b", "c"]',
                               CASE WHEN %1$s THEN '{"a": {"helpfulness": 5}}' ELSE '{}' END::jsonb,
                               CASE WHEN %1$s THEN '{"b": ["refusal"]}' ELSE '{}' END::jsonb,
                               CASE WHEN %1$s THEN CASE WHEN k = 1 THEN 1 ELSE 2 END WHEN n > 2000 THEN 2 END,
                               CASE WHEN %1$s THEN 'A is clearer.' END,
                               CASE WHEN %1$s THEN 2 END,
                               timestamptz '2025-01-01T00:00:00Z' + n * interval '1 second' + k * interval '1 ms'
                        FROM (%2$s) t CROSS JOIN generate_series(1, 3) k
                        WHERE k = 1 OR %1$s""".formatted(late, tasks))
                .param("project", project)
                .param("p1", people[0])
                .param("p2", people[1])
                .param("p3", people[2])
                .update();
        jdbc.sql("""
                        INSERT INTO demonstration (task_id, item_id, project_id, author_id, content,
                                                   based_on_candidate_id, guideline_version, submitted_at)
                        SELECT t.task_id, t.id, :project, :author, repeat('A written answer. ', 20) || k,
                               CASE WHEN %1$s THEN (SELECT c.id FROM candidate c WHERE c.item_id = t.id AND c.external_id = 'a') END,
                               CASE WHEN %1$s THEN 2 END,
                               timestamptz '2025-01-01T00:00:00Z' + n * interval '1 second' + k * interval '1 ms'
                        FROM (%2$s) t CROSS JOIN generate_series(1, 2) k""".formatted(late, tasks))
                .param("project", project)
                .param("author", people[0])
                .update();
        jdbc.sql("""
                        INSERT INTO demonstration (task_id, item_id, project_id, author_id, content, revises_id,
                                                   guideline_version, submitted_at)
                        SELECT d.task_id, d.item_id, d.project_id, :reviewer, 'An edited answer.', d.id, 2,
                               d.submitted_at + interval '1 minute'
                        FROM demonstration d JOIN (%s) i ON i.id = d.item_id
                        WHERE %s AND d.content LIKE '%%1'""".formatted(items, "i." + late)).param("reviewer", people[2]).update();
        jdbc.sql("""
                        INSERT INTO machine_judgment (project_id, item_id, endpoint_name, model, candidate_order,
                                                      shown, tiers, rationale, raw_reply, created_at)
                        SELECT :project, i.id, 'judge', 'judge-7b', o, '["a", "b", "c"]', '[["a"], ["b"], ["c"]]',
                               'A first.', '{}', timestamptz '2025-02-01T00:00:00Z'
                        FROM (%s) i CROSS JOIN unnest(ARRAY['FORWARD', 'REVERSED']) o
                        WHERE %s""".formatted(items, "i." + late)).param("project", project).update();
        jdbc.sql("""
                        INSERT INTO adjudication (item_id, project_id, tiers, candidates, decided_by, decided_at)
                        SELECT i.id, :project, '[["b"], ["a"], ["c"]]', '["a", "b", "c"]', :reviewer,
                               timestamptz '2025-02-01T00:00:00Z'
                        FROM (%s) i WHERE %s AND i.n %% 50 = 0""".formatted(items, "i." + late))
                .param("project", project)
                .param("reviewer", people[2])
                .update();
        jdbc.sql("""
                        INSERT INTO task_skip (project_id, item_id, kind, user_id, reason_code, reason_text, created_at)
                        SELECT :project, i.id, 'RANK', :skipper, 'needs_expertise', 'Not my field',
                               timestamptz '2025-02-01T00:00:00Z'
                        FROM (%s) i WHERE %s AND i.n %% 40 = 0""".formatted(items, "i." + late))
                .param("project", project)
                .param("skipper", people[1])
                .update();
        jdbc.sql("ANALYZE").update();
        return project;
    }
}
