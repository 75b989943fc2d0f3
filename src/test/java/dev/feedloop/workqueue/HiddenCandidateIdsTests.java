package dev.feedloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.export.DatasetExporter;
import dev.feedloop.export.ExportKind;
import dev.feedloop.export.ExportParameters;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With "hide model names", candidates imported with model names as ids (the AlpacaEval recipe)
 * reach annotators only as opaque labels: on the rank and write pages, in the task JSON, in the
 * diff request, in drafts and in the submits they send. Stored judgments and exports keep the
 * import ids.
 */
@IntegrationTest
class HiddenCandidateIdsTests {

    static final List<String> REAL_IDS = List.of("gpt-4o", "llama-3-8b");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    @Autowired
    DatasetExporter exporter;

    UserView ann;
    UserView bob;

    @BeforeEach
    void setUp() {
        ann = data.user();
        bob = data.user();
    }

    TestProject project(boolean hide) {
        TestProject project = data.project()
                .demonstrations(1)
                .rankings(2)
                .hideModelNames(hide)
                .create();
        for (UserView person : List.of(ann, bob)) {
            data.member(project, person.id(), "ANNOTATOR", "LABELER");
        }
        long item = data.item(project, "q-1", 0, REAL_IDS.toArray(String[]::new));
        jdbc.sql("""
                        UPDATE candidate SET content = CASE external_id WHEN 'gpt-4o' THEN 'The first answer'
                            ELSE 'The second reply' END, model = upper(external_id)
                        WHERE item_id = ?
                        """).param(item).update();
        return project;
    }

    @Test
    void rankPageTaskJsonAndDiffNameCandidatesByLabelsOnly() throws Exception {
        TestProject project = project(true);

        String page = page("/projects/" + project.slug() + "/rank", ann);
        JsonNode task = claim(project, "rank", bob);
        Lease annLease = lease(ann);
        String diff = mvc.get()
                .uri(
                        "/projects/{slug}/rank/{id}/diff?leaseToken={token}&left=A&right=B",
                        project.slug(),
                        annLease.taskId(),
                        annLease.token())
                .with(TestData.as(ann))
                .header("HX-Request", "true")
                .exchange()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);

        assertThat(page)
                .doesNotContain(REAL_IDS)
                .doesNotContain("GPT-4O", "LLAMA-3-8B")
                .contains("data-candidate-id=\"A\"", "data-candidate-id=\"B\"")
                .contains("name=\"candidate\" value=\"A\"", "name=\"candidate\" value=\"B\"")
                .contains("<option value=\"A\"", "<option value=\"B\"");
        assertThat(task.toString()).doesNotContain(REAL_IDS);
        assertThat(task.get("candidates").findValuesAsString("id")).containsExactly("A", "B");
        assertThat(diff).doesNotContain(REAL_IDS).contains("first", "second");
    }

    @Test
    void submitsWithLabelsStoreTheImportIdsAndExportsShowThem() throws Exception {
        TestProject project = project(true);
        JsonNode task = claim(project, "rank", bob);
        List<String> bobOrder = order(task.get("taskId").asLong());
        page("/projects/" + project.slug() + "/rank", ann);
        Lease annLease = lease(ann);
        List<String> annOrder = order(annLease.taskId());

        MvcTestResult realIds = submit(
                bob,
                task.get("taskId").asLong(),
                Map.of(
                        "leaseToken",
                        task.get("leaseToken").asString(),
                        "tiers",
                        List.of(List.of("gpt-4o"), List.of("llama-3-8b"))));
        MvcTestResult labels = submit(
                bob,
                task.get("taskId").asLong(),
                Map.of(
                        "leaseToken", task.get("leaseToken").asString(),
                        "tiers", List.of(List.of("B"), List.of("A")),
                        "ratings", Map.of("B", Map.of("helpfulness", 6)),
                        "flags", Map.of("A", List.of("hallucination"))));
        MvcTestResult form = mvc.post()
                .uri("/projects/{slug}/rank/{id}", project.slug(), annLease.taskId())
                .with(TestData.as(ann))
                .with(csrf())
                .param("leaseToken", annLease.token().toString())
                .param("candidate", "A", "B")
                .param("tiers", "[[0],[1]]")
                .exchange();

        assertThat(realIds)
                .as("import ids are not names the annotator was shown")
                .hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(labels).hasStatus(HttpStatus.CREATED);
        assertThat(form).hasStatus(HttpStatus.FOUND);
        JsonNode line = json.readTree(export(project));
        JsonNode rankings = line.get("rankings");
        assertThat(rankings).hasSize(2);
        JsonNode bobs = rankings.get(0);
        assertThat(bobs.get("tiers").toString())
                .isEqualTo(json.writeValueAsString(List.of(List.of(bobOrder.get(1)), List.of(bobOrder.get(0)))));
        List<String> rated = new java.util.ArrayList<>();
        bobs.get("ratings").forEach(r -> {
            if (r.get("rated").asBoolean()) {
                rated.add(r.get("candidate").asString() + ":"
                        + r.get("dimension").asString() + "=" + r.get("rating").asDouble());
            }
        });
        assertThat(rated).containsExactly(bobOrder.get(1) + ":helpfulness=6.0");
        List<String> flagged = new java.util.ArrayList<>();
        bobs.get("flags").forEach(f -> {
            if (f.get("set").asBoolean()) {
                flagged.add(f.get("candidate").asString() + ":" + f.get("flag").asString());
            }
        });
        assertThat(flagged).containsExactly(bobOrder.get(0) + ":hallucination");
        assertThat(rankings.get(1).get("tiers").toString())
                .isEqualTo(json.writeValueAsString(List.of(List.of(annOrder.get(0)), List.of(annOrder.get(1)))));
        assertThat(line.get("candidates").findValuesAsString("id")).containsExactlyElementsOf(REAL_IDS);
    }

    @Test
    void writeTaskJsonDraftsAndBasedOnUseLabelsInImportOrder() throws Exception {
        TestProject project = project(true);
        JsonNode task = claim(project, "write", bob);
        long taskId = task.get("taskId").asLong();
        String token = task.get("leaseToken").asString();
        MvcTestResult draft = mvc.post()
                .uri("/projects/{slug}/write/{id}/draft", project.slug(), taskId)
                .with(TestData.as(bob))
                .with(csrf())
                .param("leaseToken", token)
                .param("content", "Half-written")
                .param("basedOnCandidateId", "B")
                .exchange();
        String page = page("/projects/" + project.slug() + "/write", bob);

        MvcTestResult submitted =
                submit(bob, taskId, Map.of("leaseToken", token, "content", "Final answer", "basedOnCandidateId", "B"));

        assertThat(task.toString()).doesNotContain(REAL_IDS);
        assertThat(task.get("candidates").findValuesAsString("id")).containsExactly("A", "B");
        assertThat(draft).hasStatusOk();
        assertThat(page).doesNotContain(REAL_IDS).contains("Half-written");
        assertThat(submitted).hasStatus(HttpStatus.CREATED);
        assertThat(jdbc.sql("""
                        SELECT c.external_id FROM demonstration d JOIN candidate c ON c.id = d.based_on_candidate_id
                        WHERE d.task_id = ?
                        """).param(taskId).query(String.class).single()).isEqualTo("llama-3-8b");
    }

    @Test
    void projectsThatShowModelNamesShowTheImportIds() throws Exception {
        TestProject project = project(false);

        String page = page("/projects/" + project.slug() + "/rank", ann);
        JsonNode task = claim(project, "rank", bob);
        List<String> order = order(task.get("taskId").asLong());
        MvcTestResult submitted = submit(
                bob,
                task.get("taskId").asLong(),
                Map.of(
                        "leaseToken",
                        task.get("leaseToken").asString(),
                        "tiers",
                        List.of(List.of(order.get(0)), List.of(order.get(1)))));

        assertThat(page).contains("data-candidate-id=\"gpt-4o\"", "data-candidate-id=\"llama-3-8b\"", "GPT-4O");
        assertThat(task.get("candidates").findValuesAsString("id")).containsExactlyElementsOf(order);
        assertThat(task.get("candidates").findValuesAsString("model"))
                .containsExactlyInAnyOrder("GPT-4O", "LLAMA-3-8B");
        assertThat(submitted).hasStatus(HttpStatus.CREATED);
    }

    record Lease(long taskId, UUID token) {}

    Lease lease(UserView person) {
        return jdbc.sql("SELECT id, lease_token FROM task WHERE assignee_id = ? AND state = 'LEASED'")
                .param(person.id())
                .query((rs, n) -> new Lease(rs.getLong("id"), rs.getObject("lease_token", UUID.class)))
                .single();
    }

    List<String> order(long taskId) {
        return List.of(json.readValue(
                jdbc.sql("SELECT candidate_order::text FROM task WHERE id = ?")
                        .param(taskId)
                        .query(String.class)
                        .single(),
                String[].class));
    }

    String page(String uri, UserView person) throws Exception {
        MvcTestResult result = mvc.get().uri(uri).with(TestData.as(person)).exchange();
        assertThat(result).hasStatusOk();
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    JsonNode claim(TestProject project, String kind, UserView person) throws Exception {
        MvcTestResult result = mvc.post()
                .uri("/api/v1/projects/{slug}/tasks/next?kind={kind}", project.slug(), kind)
                .with(TestData.as(person))
                .exchange();
        assertThat(result).hasStatusOk();
        return json.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    MvcTestResult submit(UserView person, long taskId, Object body) {
        return mvc.post()
                .uri("/api/v1/tasks/{id}/submit", taskId)
                .with(TestData.as(person))
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(body))
                .exchange();
    }

    String export(TestProject project) throws Exception {
        var export = exporter.prepare(
                project.slug(),
                TestData.principal(data.admin()),
                ExportKind.PREFERENCES,
                ExportParameters.of("rankings"));
        var out = new ByteArrayOutputStream();
        exporter.stream(export, out, false);
        return out.toString(StandardCharsets.UTF_8).strip();
    }
}
