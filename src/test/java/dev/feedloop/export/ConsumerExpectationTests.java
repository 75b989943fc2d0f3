package dev.feedloop.export;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.projects.Projects;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The table "Which trainer reads which format" of docs/export.md against the consumers'
 * expectations in {@code src/test/resources/consumers/*.json} (written from each consumer's
 * documented or source format): every claimed consumer has an expectation file, and every line of
 * the format, raw and majority, meets it.
 */
@IntegrationTest
class ConsumerExpectationTests {

    static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\|[^|]*\\|([^|]*)\\|\\s*$");
    static final Pattern NAME = Pattern.compile("`([a-z-]+)`");

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    @Autowired
    DatasetExporter exporter;

    @Autowired
    Projects projects;

    long project;

    /** A multi-turn item with a system prompt, three candidates, three rankings and a demonstration. */
    @BeforeEach
    void scenario() {
        project = data.project().slug("consumers").create().id();
        long item = data.storedItem(
                project,
                "q-1",
                List.of(
                        message("system", "Be brief."),
                        message("user", "Hi"),
                        message("assistant", "Hello."),
                        message("user", "How do I reset my password?")));
        for (String c : List.of("a", "b", "c")) {
            data.candidate(item, c, "m-" + c, "Answer " + c);
        }
        long[] people = {data.user().id(), data.user().id(), data.user().id()};
        for (int k = 0; k < 3; k++) {
            var ranking = data.ranking(item, people[k])
                    .tiers(List.of("a"), List.of(k == 2 ? "c" : "b"), List.of(k == 2 ? "b" : "c"))
                    .at(Instant.parse("2025-03-01T00:00:00Z").plusSeconds(k));
            (k == 0 ? ranking.strength(2) : ranking).insert();
        }
        long demo = data.demonstration(item, people[0], "Open Settings.").insert();
        data.review(demo, people[1], "APPROVED", Instant.parse("2025-03-02T00:00:00Z"));
    }

    /** The formats of the docs' table and the expectation files each names. */
    static Map<String, List<String>> table() throws IOException {
        String docs = Files.readString(Path.of("docs/export.md"));
        String section = docs.substring(docs.indexOf("<!-- consumers -->"), docs.indexOf("<!-- /consumers -->"));
        Map<String, List<String>> claims = new LinkedHashMap<>();
        for (String line : section.split("\n")) {
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                List<String> names = new ArrayList<>();
                Matcher name = NAME.matcher(row.group(2));
                while (name.find()) {
                    names.add(name.group(1));
                }
                claims.put(row.group(1), names);
            }
        }
        return claims;
    }

    JsonNode expectation(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/consumers/" + name + ".json")) {
            assertThat(in).as("expectation file consumers/%s.json", name).isNotNull();
            return json.readTree(in);
        }
    }

    @Test
    void everyFormatOfTheTableFeedsTheConsumersItClaims() throws IOException {
        Map<String, List<String>> claims = table();
        assertThat(claims.keySet())
                .containsExactlyInAnyOrderElementsOf(java.util.Arrays.stream(ExportFormat.values())
                        .map(ExportFormat::key)
                        .toList());
        List<String> failures = new ArrayList<>();
        for (var claim : claims.entrySet()) {
            ExportFormat format = ExportFormat.byKey(claim.getKey()).orElseThrow();
            for (String consumer : claim.getValue()) {
                JsonNode expected = expectation(consumer);
                for (String aggregation :
                        format.kind() == ExportKind.SFT ? List.of("raw") : List.of("raw", "majority")) {
                    List<JsonNode> lines = lines(format, aggregation);
                    assertThat(lines)
                            .as("%s %s has lines", format.key(), aggregation)
                            .isNotEmpty();
                    for (JsonNode line : lines) {
                        check(
                                line,
                                expected.path("columns"),
                                format.key() + " " + aggregation + " for " + consumer + ": ",
                                failures);
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void openAiWeightsMarkOnlyTheFinalAssistantReplyForTraining() throws IOException {
        List<JsonNode> lines = lines(ExportFormat.MESSAGES, "raw", "last");
        List<String> failures = new ArrayList<>();
        check(lines.get(0), expectation("openai-chat").path("columns"), "weights=last: ", failures);
        assertThat(failures).isEmpty();
        List<String> weights = new ArrayList<>();
        lines.get(0)
                .path("messages")
                .forEach(m -> weights.add(
                        m.path("role").asString() + ":" + m.path("weight").asString("-")));
        assertThat(weights).containsExactly("system:-", "user:-", "assistant:0", "user:-", "assistant:1");
    }

    List<JsonNode> lines(ExportFormat format, String aggregation) {
        return lines(format, aggregation, null);
    }

    List<JsonNode> lines(ExportFormat format, String aggregation, String weights) {
        var parameters = new ExportParameters(
                format.key(), null, aggregation, null, null, null, null, null, null, null, null, null, weights);
        var export = exporter.prepare(projects.get(project), exporter.request(format.kind(), parameters));
        var out = new ByteArrayOutputStream();
        try {
            exporter.stream(export, out, false);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : text.lines().map(json::readTree).toList();
    }

    /** Checks {@code node}'s columns against {@code columns} of an expectation. */
    static void check(JsonNode node, JsonNode columns, String where, List<String> failures) {
        for (var column : columns.properties()) {
            String name = column.getKey();
            JsonNode rule = column.getValue();
            JsonNode value = node.get(name);
            if (value == null) {
                if (!rule.path("optional").asBoolean(false)) {
                    failures.add(where + "no column " + name);
                }
                continue;
            }
            switch (rule.path("type").asString()) {
                case "string" -> expect(value.isString(), where + name + " is a string", failures);
                case "boolean" -> expect(value.isBoolean(), where + name + " is a boolean", failures);
                case "float" -> expect(value.isFloatingPointNumber(), where + name + " is a float", failures);
                case "object" -> {
                    expect(value.isObject(), where + name + " is an object", failures);
                    check(value, rule.path("columns"), where + name + ".", failures);
                }
                case "message" -> oneMessage(value, rule, where + name, failures);
                case "messages" -> {
                    expect(value.isArray() && !value.isEmpty(), where + name + " is a non-empty list", failures);
                    int position = 0;
                    for (JsonNode m : value) {
                        position++;
                        oneMessage(m, rule, where + name + "[" + position + "]", failures);
                        if (rule.has("odd") && position % 2 == 1) {
                            expect(
                                    rule.path("odd")
                                            .asString()
                                            .equals(m.path(rule.path("roleKey").asString())
                                                    .asString()),
                                    where + name + "[" + position + "] (odd) is "
                                            + rule.path("odd").asString(),
                                    failures);
                        }
                    }
                    if (rule.has("lastRole") && !value.isEmpty()) {
                        expect(
                                rule.path("lastRole")
                                        .asString()
                                        .equals(value.get(value.size() - 1)
                                                .path(rule.path("roleKey").asString())
                                                .asString()),
                                where + name + " ends with "
                                        + rule.path("lastRole").asString(),
                                failures);
                    }
                }
                default -> failures.add(where + "unknown rule type for " + name);
            }
        }
    }

    static void oneMessage(JsonNode m, JsonNode rule, String where, List<String> failures) {
        if (!m.isObject()) {
            failures.add(where + " is not an object");
            return;
        }
        List<String> keys = new ArrayList<>();
        rule.path("keys").forEach(k -> keys.add(k.asString()));
        for (String key : keys) {
            expect(m.path(key).isString(), where + " has a string " + key, failures);
        }
        String role = m.path(rule.path("roleKey").asString()).asString();
        List<String> roles = new ArrayList<>();
        rule.path("roles").forEach(r -> roles.add(r.asString()));
        expect(roles.contains(role), where + " has an allowed role, not " + role, failures);
        for (String key : m.propertyNames()) {
            if (keys.contains(key)) {
                continue;
            }
            JsonNode allowed = rule.path("optionalKeys").path(key);
            List<String> on = new ArrayList<>();
            rule.path("optionalOnRoles").forEach(r -> on.add(r.asString()));
            boolean ok = allowed.isArray() && on.contains(role);
            if (ok) {
                boolean listed = false;
                for (JsonNode v : allowed) {
                    listed |= v.equals(m.get(key));
                }
                ok = listed;
            }
            expect(ok, where + " has no key " + key + " the consumer refuses", failures);
        }
    }

    static void expect(boolean condition, String what, List<String> failures) {
        if (!condition) {
            failures.add(what);
        }
    }
}
