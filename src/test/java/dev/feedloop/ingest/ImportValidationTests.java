package dev.feedloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every kind of bad input is refused with a 422 that names the exact line and field, and nothing is
 * written: no item, no candidate, no task. Each error carries its English message and a code with
 * arguments that the message bundles word the same in English and translate into Russian.
 */
@IntegrationTest
class ImportValidationTests {

    static final String GOOD = "{\"id\":\"ok\",\"prompt\":\"fine\",\"candidates\":[{\"id\":\"a\",\"content\":\"x\"}]}";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    Projects projects;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    MessageSource messages;

    UserView admin;
    ProjectSettings project;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        project = data.project().createAsAdmin();
    }

    record Reported(long line, String field, String message, String code, List<Object> args) {}

    MvcTestResult post(ProjectSettings target, String contentType, byte[] body) {
        return post(target, contentType, body, "");
    }

    MvcTestResult post(ProjectSettings target, String contentType, byte[] body, String format) {
        return mvc.post()
                .uri("/api/v1/projects/" + target.slug() + "/items" + (format.isEmpty() ? "" : "?format=" + format))
                .param("wait", "60")
                .with(TestData.as(admin))
                .contentType(contentType)
                .content(body)
                .exchange();
    }

    /** Imports {@code body} expecting a refusal; returns the errors after checking nothing was written. */
    List<Reported> refused(ProjectSettings target, String contentType, byte[] body) {
        return refused(target, contentType, body, "");
    }

    List<Reported> refused(ProjectSettings target, String contentType, byte[] body, String format) {
        MvcTestResult result = post(target, contentType, body, format);
        assertThat(result).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(result.getResponse().getContentType()).isEqualTo("application/problem+json");
        assertNothingWritten(target);
        JsonNode errors =
                json.readTree(result.getResponse().getContentAsByteArray()).get("errors");
        List<ImportError> reported = errors.valueStream()
                .map(e -> json.treeToValue(e, ImportError.class))
                .toList();
        reported.forEach(e -> assertWorded(messages, e));
        return reported.stream()
                .map(e -> new Reported(e.line(), e.field(), e.message(), e.code(), e.args()))
                .toList();
    }

    /**
     * {@code error} has an {@code ingest.problem} code whose English text is its message, word for
     * word, and whose Russian text is a translation.
     */
    static void assertWorded(MessageSource messages, ImportError error) {
        assertThat(error.code()).as("code of " + error).startsWith("ingest.problem.");
        assertThat(error.args()).as("args of " + error).isNotNull();
        assertThat(messages.getMessage(error.code(), null, null, Locale.ENGLISH))
                .as("English text of " + error.code())
                .isNotNull();
        assertThat(messages.getMessage(error.resolvable(), Locale.ENGLISH))
                .as("English text of " + error)
                .isEqualTo(error.message());
        assertThat(messages.getMessage(error.resolvable(), Locale.forLanguageTag("ru")))
                .as("Russian text of " + error)
                .isNotEqualTo(error.message())
                .containsPattern("\\p{IsCyrillic}");
    }

    List<Reported> refused(String jsonLines) {
        return refused(project, "application/x-ndjson", jsonLines.getBytes(StandardCharsets.UTF_8));
    }

    ImportError firstError(MvcTestResult result) {
        return json.treeToValue(
                json.readTree(result.getResponse().getContentAsByteArray()).at("/errors/0"), ImportError.class);
    }

    void assertNothingWritten(ProjectSettings target) {
        long items = jdbc.sql("SELECT count(*) FROM item WHERE project_id = ?")
                .param(target.id())
                .query(Long.class)
                .single();
        long candidates = jdbc.sql(
                        "SELECT count(*) FROM candidate c JOIN item i ON i.id = c.item_id WHERE i.project_id = ?")
                .param(target.id())
                .query(Long.class)
                .single();
        long tasks = jdbc.sql("SELECT count(*) FROM task WHERE project_id = ?")
                .param(target.id())
                .query(Long.class)
                .single();
        assertThat(items).as("items written").isZero();
        assertThat(candidates).as("candidates written").isZero();
        assertThat(tasks).as("tasks written").isZero();
    }

    @Test
    void malformedJsonNamesTheLine() {
        List<Reported> errors = refused(GOOD + "\n{\"id\":\"b\",\"prompt\":\"x\"\n" + GOOD.replace("ok", "c") + "\n");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).line()).isEqualTo(2);
        assertThat(errors.get(0).field()).isNull();
        assertThat(errors.get(0).message()).startsWith("malformed JSON at column ");
        assertThat(errors.get(0).code()).isEqualTo("ingest.problem.malformedJsonAt");
        assertThat(errors.get(0).message()).endsWith(": " + errors.get(0).args().getLast());
    }

    @Test
    void aJsonArrayFileIsReadRecordByRecordWithTheLinesTheyStartOn() {
        List<Reported> errors = refused("[\n" + GOOD + ",\n" + GOOD + "\n]\n");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.code()).isEqualTo("ingest.problem.duplicateItem");
            assertThat(e.args()).containsExactly("ok", 2);
        });
    }

    @Test
    void aJsonArrayOnOneLineIsNotAnItem() {
        List<Reported> errors =
                refused(GOOD + "\n" + GOOD.replace("ok", "b") + "\n[" + GOOD.replace("ok", "c") + "]\n");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.message()).contains("JSON array");
        });
    }

    @Test
    void wrongTypesAreNamed() {
        List<Reported> errors = refused(GOOD + "\n"
                + "{\"id\":\"b\",\"messages\":[{\"role\":\"user\",\"content\":42}]}\n"
                + "{\"id\":7,\"prompt\":\"x\"}\n"
                + "{\"id\":\"d\",\"prompt\":\"x\",\"priority\":\"high\"}\n"
                + "{\"id\":\"e\",\"prompt\":\"x\",\"metadata\":[1]}\n"
                + "{\"id\":\"f\",\"prompt\":\"x\",\"candidates\":[{\"id\":\"a\",\"content\":true}]}\n");
        assertThat(errors)
                .extracting(Reported::line, Reported::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, "messages[0].content"),
                        org.assertj.core.groups.Tuple.tuple(3L, "id"),
                        org.assertj.core.groups.Tuple.tuple(4L, "priority"),
                        org.assertj.core.groups.Tuple.tuple(5L, "metadata"),
                        org.assertj.core.groups.Tuple.tuple(6L, "candidates[0].content"));
        assertThat(errors.get(0).message()).isEqualTo("must be text, not a number");
        assertThat(errors)
                .extracting(Reported::code, Reported::args)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("ingest.problem.wrongType.text", List.of("number")),
                        org.assertj.core.groups.Tuple.tuple("ingest.problem.wrongType.text", List.of("number")),
                        org.assertj.core.groups.Tuple.tuple("ingest.problem.wrongType.wholeNumber", List.of("string")),
                        org.assertj.core.groups.Tuple.tuple("ingest.problem.wrongType.object", List.of("array")),
                        org.assertj.core.groups.Tuple.tuple("ingest.problem.wrongType.text", List.of("boolean")));
    }

    @Test
    void missingFieldsAreNamed() {
        List<Reported> errors = refused("{\"prompt\":\"no id\"}\n"
                + "{\"id\":\"b\"}\n"
                + "{\"id\":\"c\",\"messages\":[{\"role\":\"user\"}]}\n"
                + "{\"id\":\"d\",\"prompt\":\"x\",\"candidates\":[{\"content\":\"y\"}]}\n");
        assertThat(errors)
                .extracting(Reported::line, Reported::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "id"),
                        org.assertj.core.groups.Tuple.tuple(2L, "messages"),
                        org.assertj.core.groups.Tuple.tuple(3L, "messages[0].content"),
                        org.assertj.core.groups.Tuple.tuple(4L, "candidates[0].id"));
    }

    @Test
    void emptyAndWhitespaceOnlyTextsAreRefused() {
        List<Reported> errors = refused("{\"id\":\"a\",\"prompt\":\"\"}\n"
                + GOOD + "\n"
                + "{\"id\":\"c\",\"prompt\":\"x\",\"candidates\":[{\"id\":\"a\",\"content\":\" \\n\\t \"}]}\n"
                + "{\"id\":\"  \",\"prompt\":\"x\"}\n");
        assertThat(errors)
                .extracting(Reported::line, Reported::field, Reported::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "prompt", "must not be empty"),
                        org.assertj.core.groups.Tuple.tuple(3L, "candidates[0].content", "must not be only whitespace"),
                        org.assertj.core.groups.Tuple.tuple(4L, "id", "must not be only whitespace"));
        assertThat(errors)
                .extracting(Reported::code)
                .containsExactly("ingest.problem.empty", "ingest.problem.blank", "ingest.problem.blank");
    }

    @Test
    void wrongRoleOrderIsRefused() {
        List<Reported> errors = refused(GOOD + "\n"
                + "{\"id\":\"b\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"}]}\n"
                + "{\"id\":\"c\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"system\",\"content\":\"b\"}]}\n"
                + "{\"id\":\"d\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"assistant\",\"content\":\"b\"}]}\n"
                + "{\"id\":\"e\",\"messages\":[{\"role\":\"assistant\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"}]}\n"
                + "{\"id\":\"f\",\"messages\":[{\"role\":\"robot\",\"content\":\"a\"}]}\n");
        assertThat(errors)
                .extracting(Reported::line, Reported::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, "messages[1].role"),
                        org.assertj.core.groups.Tuple.tuple(3L, "messages[1].role"),
                        org.assertj.core.groups.Tuple.tuple(4L, "messages[1].role"),
                        org.assertj.core.groups.Tuple.tuple(5L, "messages[0].role"),
                        org.assertj.core.groups.Tuple.tuple(6L, "messages[0].role"));
        assertThat(errors.get(1).message()).contains("system message may only come first");
        assertThat(errors.get(2).message()).contains("last message must be the user's");
    }

    @Test
    void duplicateItemIdsInTheFileAreRefused() {
        List<Reported> errors = refused(GOOD + "\n" + GOOD.replace("ok", "b") + "\n" + GOOD + "\n");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(3);
            assertThat(e.field()).isEqualTo("id");
            assertThat(e.message()).isEqualTo("duplicate item id \"ok\" (first on line 1)");
            assertThat(e.code()).isEqualTo("ingest.problem.duplicateItem");
            assertThat(e.args()).containsExactly("ok", 1);
        });
    }

    @Test
    void duplicateCandidateIdsAreRefused() {
        List<Reported> errors = refused(
                GOOD + "\n"
                        + "{\"id\":\"b\",\"prompt\":\"x\",\"candidates\":[{\"id\":\"a\",\"content\":\"1\"},{\"id\":\"a\",\"content\":\"2\"}]}\n");
        assertThat(errors)
                .extracting(Reported::line, Reported::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "candidates[1].id"));
    }

    @Test
    void nulCharactersAreRefused() {
        List<Reported> errors = refused(GOOD + "\n"
                + "{\"id\":\"b\",\"prompt\":\"bad\\u0000text\"}\n"
                + "{\"id\":\"c\",\"prompt\":\"x\",\"metadata\":{\"k\":\"\\u0000\"}}\n");
        assertThat(errors)
                .extracting(Reported::line, Reported::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, "prompt"),
                        org.assertj.core.groups.Tuple.tuple(3L, "metadata"));
        assertThat(errors.get(0).message()).contains("NUL");
    }

    @Test
    void invalidUtf8IsRefusedWithItsLine() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes((GOOD + "\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes("{\"id\":\"b\",\"prompt\":\"caf".getBytes(StandardCharsets.UTF_8));
        body.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28});
        body.writeBytes("\"}\n".getBytes(StandardCharsets.UTF_8));
        body.writeBytes((GOOD.replace("ok", "c") + "\n").getBytes(StandardCharsets.UTF_8));
        List<Reported> errors = refused(project, "application/x-ndjson", body.toByteArray());
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.message()).contains("UTF-8");
        });
    }

    @Test
    void textOverTheFieldLimitIsRefused() {
        String longText = "x".repeat(200_001);
        List<Reported> errors = refused(GOOD + "\n"
                + "{\"id\":\"b\",\"prompt\":\"x\",\"candidates\":[{\"id\":\"a\",\"content\":\"" + longText + "\"}]}\n");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.field()).isEqualTo("candidates[0].content");
            assertThat(e.message()).isEqualTo("is 200001 characters long; the limit is 200000");
            assertThat(e.code()).isEqualTo("ingest.problem.textTooLong");
            assertThat(e.args()).containsExactly(200001, 200000);
        });
    }

    @Test
    void exactlyTheFieldLimitIsAccepted() {
        String text = "y".repeat(200_000);
        MvcTestResult result = post(
                project,
                "application/x-ndjson",
                ("{\"id\":\"b\",\"prompt\":\"" + text + "\"}\n").getBytes(StandardCharsets.UTF_8));
        assertThat(result).hasStatusOk();
    }

    @Test
    void rankOnlyProjectsNeedTwoCandidatesPerItem() {
        ProjectSettings rankOnly = data.project()
                .slug("rank-only")
                .name("Rank only")
                .demonstrations(0)
                .createAsAdmin();
        String body =
                "{\"id\":\"a\",\"prompt\":\"x\",\"candidates\":[{\"id\":\"1\",\"content\":\"a\"},{\"id\":\"2\",\"content\":\"b\"}]}\n"
                        + GOOD + "\n";
        List<Reported> errors = refused(rankOnly, "application/x-ndjson", body.getBytes(StandardCharsets.UTF_8));
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.field()).isEqualTo("candidates");
            assertThat(e.message()).contains("at least two candidates");
            assertThat(e.code()).isEqualTo("ingest.problem.tooFewCandidates");
            assertThat(e.args()).containsExactly(1);
        });
    }

    @Test
    void anItemCannotChangeItsMessages() {
        assertThat(post(project, "application/x-ndjson", (GOOD + "\n").getBytes(StandardCharsets.UTF_8)))
                .hasStatusOk();
        MvcTestResult result = post(
                project,
                "application/x-ndjson",
                ("{\"id\":\"new\",\"prompt\":\"n\"}\n" + GOOD.replace("fine", "changed") + "\n")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(result).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(result).bodyJson().extractingPath("$.errors[0].line").isEqualTo(2);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("messages");
        assertThat(result)
                .bodyJson()
                .extractingPath("$.errors[0].message")
                .isEqualTo("item \"ok\" already exists with different messages; an item's conversation cannot change");
        assertThat(result).bodyJson().extractingPath("$.errors[0].code").isEqualTo("ingest.problem.messagesChanged");
        assertThat(result).bodyJson().extractingPath("$.errors[0].args").isEqualTo(List.of("ok"));
        assertWorded(messages, firstError(result));
        assertThat(jdbc.sql("SELECT count(*) FROM item WHERE external_id = 'new'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aCandidateCannotChangeItsText() {
        assertThat(post(project, "application/x-ndjson", (GOOD + "\n").getBytes(StandardCharsets.UTF_8)))
                .hasStatusOk();
        MvcTestResult result = post(
                project,
                "application/x-ndjson",
                (GOOD.replace("\"x\"", "\"other\"") + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(result).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("candidates[0]");
        assertThat(result).bodyJson().extractingPath("$.errors[0].code").isEqualTo("ingest.problem.candidateChanged");
        assertThat(result).bodyJson().extractingPath("$.errors[0].args").isEqualTo(List.of("a", "ok"));
        assertWorded(messages, firstError(result));
    }

    @Test
    void unknownFieldsAreRefused() {
        List<Reported> errors = refused("{\"id\":\"a\",\"promt\":\"typo\",\"prompt\":\"x\"}\n");
        assertThat(errors)
                .extracting(Reported::line, Reported::field)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, "promt"));
    }

    @Test
    void everyErrorIsReportedUpToTheLimit() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            body.append("{\"id\":\"").append(i).append("\"}\n");
        }
        MvcTestResult result =
                post(project, "application/x-ndjson", body.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(result).hasStatus(HttpStatus.UNPROCESSABLE_CONTENT);
        assertThat(result).bodyJson().extractingPath("$.errors.length()").isEqualTo(100);
        assertThat(result).bodyJson().extractingPath("$.errors[99].line").isEqualTo(100);
        assertNothingWritten(project);
    }

    @Test
    void csvErrorsNameTheLineARecordStartsOn() {
        String csv = "id,prompt,candidate.a\r\n" + "r1,\"two\r\nlines\",x\r\n" + "r2,,y\r\n" + "r3,ok\r\n";
        List<Reported> errors = refused(project, "text/csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(errors)
                .extracting(Reported::line, Reported::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(4L, "prompt"),
                        org.assertj.core.groups.Tuple.tuple(5L, null));
    }

    @Test
    void csvHeaderProblemsAreOnLineOne() {
        List<Reported> errors =
                refused(project, "text/csv", "id,question,model.z\r\nq,what\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(errors)
                .extracting(Reported::line, Reported::field)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(1L, "question"),
                        org.assertj.core.groups.Tuple.tuple(1L, "prompt"),
                        org.assertj.core.groups.Tuple.tuple(1L, "model.z"));
    }

    @Test
    void shareGptAndOpenAssistantErrorsNameTheirFields() {
        List<Reported> errors = refused(
                "{\"id\":\"s\",\"conversations\":[{\"from\":\"gpt\",\"value\":\"hi\"},{\"from\":\"human\",\"value\":\"x\"}]}\n"
                        + "{\"message_tree_id\":\"t\",\"prompt\":{\"message_id\":\"p\",\"role\":\"prompter\",\"text\":\"q\",\"replies\":[{\"message_id\":\"r\",\"role\":\"assistant\",\"text\":42}]}}\n");
        assertThat(errors)
                .extracting(Reported::line, Reported::field)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "conversations[0].from"),
                        org.assertj.core.groups.Tuple.tuple(2L, "prompt.replies[0].text"));
    }

    @Test
    void everyKindOfProblemReadsInTheBundlesAsInItsMessage() {
        String longId = "i".repeat(201);
        List<Reported> lines = refused(String.join(
                "\n",
                "{\"id\":\"a\",\"messages\":[1]}",
                "{\"id\":\"b\",\"prompt\":\"x\",\"candidates\":[true]}",
                "{\"id\":\"c\",\"prompt\":\"x\",\"candidates\":{}}",
                "{\"id\":\"d\",\"messages\":\"hi\"}",
                "{\"id\":\"e\",\"messages\":[]}",
                "{\"id\":\"f\",\"prompt\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"y\"}]}",
                "{\"id\":\"g\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"}]}",
                "{\"id\":\"h\",\"messages\":[{\"role\":\"user\",\"content\":\"a\",\"x\":1}]}",
                "{\"id\":\"i\",\"messages\":[{\"role\":\"user\",\"content\":\"a\"},{\"role\":\"user\",\"content\":\"b\"}]}",
                "{\"id\":\"j\",\"messages\":[{\"role\":\"assistant\",\"content\":\"a\"}]}",
                "{\"id\":\"k\",\"prompt\":\"x\",\"metadata\":\"m\"}",
                "{\"id\":\"l\",\"prompt\":\"x\",\"priority\":1.5}",
                "{\"id\":\"m\",\"prompt\":null}",
                "{\"id\":\"n\",\"prompt\":\"x\",\"candidates\":[{\"id\":\"" + longId + "\",\"content\":\"c\"}]}",
                "[1]",
                "42",
                "{\"id\":\"s1\",\"conversations\":\"x\"}",
                "{\"id\":\"s2\",\"conversations\":[1]}",
                "{\"id\":\"s3\",\"conversations\":[{\"from\":\"bot\",\"value\":\"x\"}]}",
                "{\"id\":\"s4\",\"conversations\":[]}",
                "{\"id\":\"s5\"}",
                "{\"message_tree_id\":\"t1\",\"prompt\":{\"message_id\":\"p\",\"role\":\"assistant\",\"text\":\"q\"}}",
                "{\"message_tree_id\":\"t2\",\"prompt\":{\"message_id\":\"p\",\"role\":\"prompter\",\"text\":\"q\",\"replies\":[{\"message_id\":\"r\",\"role\":\"prompter\",\"text\":\"a\"}]}}",
                "{\"message_tree_id\":\"t3\",\"prompt\":{\"message_id\":\"p\",\"role\":\"prompter\",\"text\":\"q\"}}",
                "{\"message_tree_id\":\"t4\",\"prompt\":{\"message_id\":\"p\",\"role\":\"prompter\",\"text\":\"q\",\"replies\":\"x\"}}",
                "{\"message_tree_id\":\"t5\",\"prompt\":{\"message_id\":\"p\",\"role\":\"prompter\",\"text\":\"q\",\"replies\":[7]}}",
                "{\"id\":\"u\",\"prompt\":\"x\",\"candidates\":[{\"id\":\"a\",\"content\":\"1\"},{\"id\":\"a\",\"content\":\"2\"}]}",
                ""));
        List<Reported> arrays = refused("[\n" + GOOD + ",\n" + GOOD + "\n]\n");
        List<Reported> unclosed = refused(
                project,
                "application/json",
                "[{\"id\":\"a\",\"conversations\":[{\"from\":\"human\",\"value\":\"x\"}]}"
                        .getBytes(StandardCharsets.UTF_8),
                "sharegpt");
        List<Reported> csv = new java.util.ArrayList<>();
        for (String file : List.of(
                "id,prompt\r\na,\"x\r\n",
                "id,prompt\r\na,\"x\"y\r\n",
                "id,prompt,id\r\na,x,y\r\n",
                "id,prompt,priority,metadata,candidate.a\r\na,x,high,,\r\nb,x,,{bad,\r\nc,x\r\n")) {
            csv.addAll(refused(project, "text/csv", file.getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(lines.stream().map(Reported::code).distinct())
                .contains(
                        "ingest.problem.wrongType.message",
                        "ingest.problem.wrongType.candidate",
                        "ingest.problem.wrongType.candidates",
                        "ingest.problem.wrongType.messages",
                        "ingest.problem.empty",
                        "ingest.problem.promptAndMessages",
                        "ingest.problem.userAfterSystem",
                        "ingest.problem.unknownMessageField",
                        "ingest.problem.expectedAssistant",
                        "ingest.problem.expectedUser",
                        "ingest.problem.wrongType.object",
                        "ingest.problem.wrongType.wholeNumber",
                        "ingest.problem.wrongType.text",
                        "ingest.problem.idTooLong",
                        "ingest.problem.arrayForItem",
                        "ingest.problem.wrongType.array",
                        "ingest.problem.wrongType.turn",
                        "ingest.problem.from",
                        "ingest.problem.messagesRequired",
                        "ingest.problem.expectedPrompter",
                        "ingest.problem.expectedReply",
                        "ingest.problem.noReply",
                        "ingest.problem.wrongType.treeMessage",
                        "ingest.problem.duplicateCandidate");
        assertThat(arrays).extracting(Reported::code).containsExactly("ingest.problem.duplicateItem");
        assertThat(unclosed).extracting(Reported::code).containsExactly("ingest.problem.malformedJsonAt");
        assertThat(csv)
                .extracting(Reported::code)
                .containsExactly(
                        "ingest.problem.quoteNotClosed",
                        "ingest.problem.textAfterQuote",
                        "ingest.problem.duplicateColumn",
                        "ingest.problem.wholeNumber",
                        "ingest.problem.malformedJsonAt",
                        "ingest.problem.fieldCount");
    }

    @Test
    void aJsonLinesFileReadAsCsvIsRefusedOnItsFirstLine() {
        List<Reported> errors = refused(project, "text/csv", (GOOD + "\n").getBytes(StandardCharsets.UTF_8), "csv");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(1);
            assertThat(e.code()).isEqualTo("ingest.problem.textAfterQuote");
        });
    }

    @Test
    void anEmptyFileIsRefusedAsHavingNoItems() {
        List<Reported> errors = refused(project, "application/x-ndjson", new byte[0]);
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isZero();
            assertThat(e.message()).isEqualTo("the file has no items");
            assertThat(e.code()).isEqualTo("ingest.problem.noItems");
            assertThat(e.args()).isEmpty();
        });
    }
}
