package dev.feedloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every task operation checks the person's project role as it is now, on the pages and on the
 * API; page URLs that name a project and a task only work for that project's tasks.
 */
@IntegrationTest
class TaskAccessTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    WorkQueue queue;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    TestProject projectA;
    TestProject projectB;
    UserView pat;

    @BeforeEach
    void setUp() {
        projectA = data.project().demonstrations(1).rankings(1).create();
        projectB = data.project().demonstrations(1).rankings(1).create();
        pat = data.user();
        data.member(projectA, pat, "LABELER", "ANNOTATOR").member(projectB, pat, "LABELER", "ANNOTATOR");
        data.itemAsking(projectA, "Prompt in A", "m1", "answer one", "m2", "answer two");
        data.itemAsking(projectB, "Prompt in B", "m1", "answer one", "m2", "answer two");
    }

    @Test
    void aRemovedMemberCanDoNothingMoreUnderTheLeasesTheyHeld() {
        ClaimedTask write = claim(projectA, TaskKind.WRITE);
        ClaimedTask rank = claim(projectA, TaskKind.RANK);
        jdbc.sql("DELETE FROM project_member WHERE project_id = ? AND user_id = ?")
                .params(projectA.id(), pat.id())
                .update();
        String before = stateOfTheQueue();

        assertThat(pageHeartbeat(projectA, write)).hasStatus(403);
        assertThat(pageDraft(projectA, write)).hasStatus(403);
        assertThat(pageSkip(projectA, write)).hasStatus(403);
        assertThat(pageWriteSubmit(projectA, write)).hasStatus(403);
        assertThat(pageRankDiff(projectA, rank)).hasStatus(403);
        // the rank page checks the project first, which a non-member does not see
        assertThat(pageRankSubmit(projectA, rank)).hasStatus(404);
        for (ClaimedTask task : List.of(write, rank)) {
            assertThat(api("heartbeat", task, "{}")).hasStatus(403);
            assertThat(api("release", task, "{}")).hasStatus(403);
            assertThat(api("skip", task, "{\"reason\":\"unclear_prompt\"}")).hasStatus(403);
            assertThat(api("submit", task, submitBody(task)))
                    .hasStatus(403)
                    .bodyJson()
                    .extractingPath("$.code")
                    .isEqualTo("role-missing");
        }

        assertThat(stateOfTheQueue()).isEqualTo(before);
    }

    @Test
    void aMemberWhoLostTheRoleCanDoNothingMoreUnderTheLeaseTheyHeld() {
        ClaimedTask write = claim(projectA, TaskKind.WRITE);
        jdbc.sql("UPDATE project_member SET roles = '{REVIEWER}' WHERE project_id = ? AND user_id = ?")
                .params(projectA.id(), pat.id())
                .update();
        String before = stateOfTheQueue();

        assertThat(pageHeartbeat(projectA, write)).hasStatus(403);
        assertThat(pageDraft(projectA, write)).hasStatus(403);
        assertThat(pageSkip(projectA, write)).hasStatus(403);
        assertThat(pageWriteSubmit(projectA, write)).hasStatus(403);
        assertThat(api("heartbeat", write, "{}")).hasStatus(403);
        assertThat(api("release", write, "{}")).hasStatus(403);
        assertThat(api("submit", write, submitBody(write))).hasStatus(403);

        assertThat(stateOfTheQueue()).isEqualTo(before);
    }

    @Test
    void someoneWhoNeverHadTheTaskNorSeesTheProjectGetsNotFound() {
        ClaimedTask write = claim(projectA, TaskKind.WRITE);
        UserView stranger = data.user();
        assertThat(mvc.post()
                        .uri("/api/v1/tasks/{id}/heartbeat", write.taskId())
                        .header("Authorization", basic(stranger))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"leaseToken\":\"" + write.leaseToken() + "\"}"))
                .hasStatus(404);
    }

    @Test
    void aTaskOfAnotherProjectIsNotFoundUnderThisProjectsUrls() {
        ClaimedTask write = claim(projectB, TaskKind.WRITE);
        ClaimedTask rank = claim(projectB, TaskKind.RANK);
        String before = stateOfTheQueue();

        assertThat(pageHeartbeat(projectA, write)).hasStatus(404);
        assertThat(pageDraft(projectA, write)).hasStatus(404);
        assertThat(pageSkip(projectA, write)).hasStatus(404);
        assertThat(pageWriteSubmit(projectA, write)).hasStatus(404);
        assertThat(pageRankSubmit(projectA, rank)).hasStatus(404);
        assertThat(pageRankDiff(projectA, rank)).hasStatus(404);
        assertThat(stateOfTheQueue()).isEqualTo(before);

        // under its own project's URLs the same task works
        assertThat(pageHeartbeat(projectB, write)).hasStatusOk();
        assertThat(pageDraft(projectB, write)).hasStatusOk();
    }

    private ClaimedTask claim(TestProject project, TaskKind kind) {
        return queue.next(project.slug(), kind, TestData.principal(pat)).orElseThrow();
    }

    private MvcTestResult pageHeartbeat(TestProject project, ClaimedTask task) {
        return mvc.post()
                .uri("/projects/{slug}/tasks/{id}/heartbeat", project.slug(), task.taskId())
                .with(TestData.as(pat))
                .with(csrf())
                .param("leaseToken", task.leaseToken().toString())
                .exchange();
    }

    private MvcTestResult pageDraft(TestProject project, ClaimedTask task) {
        return mvc.post()
                .uri("/projects/{slug}/write/{id}/draft", project.slug(), task.taskId())
                .with(TestData.as(pat))
                .with(csrf())
                .param("leaseToken", task.leaseToken().toString())
                .param("content", "A draft that must not be kept")
                .exchange();
    }

    private MvcTestResult pageSkip(TestProject project, ClaimedTask task) {
        return mvc.post()
                .uri("/projects/{slug}/tasks/{id}/skip", project.slug(), task.taskId())
                .with(TestData.as(pat))
                .with(csrf())
                .param("leaseToken", task.leaseToken().toString())
                .param("reason", "unclear_prompt")
                .exchange();
    }

    private MvcTestResult pageWriteSubmit(TestProject project, ClaimedTask task) {
        return mvc.post()
                .uri("/projects/{slug}/write/{id}", project.slug(), task.taskId())
                .with(TestData.as(pat))
                .with(csrf())
                .param("leaseToken", task.leaseToken().toString())
                .param("content", "An ideal answer that must not be stored, long enough to pass.")
                .exchange();
    }

    private MvcTestResult pageRankSubmit(TestProject project, ClaimedTask task) {
        var request = mvc.post()
                .uri("/projects/{slug}/rank/{id}", project.slug(), task.taskId())
                .with(TestData.as(pat))
                .with(csrf())
                .param("leaseToken", task.leaseToken().toString())
                .param("tiers", "[[0],[1]]");
        task.candidates().forEach(c -> request.param("candidate", c.id()));
        return request.exchange();
    }

    private MvcTestResult pageRankDiff(TestProject project, ClaimedTask task) {
        return mvc.get()
                .uri("/projects/{slug}/rank/{id}/diff", project.slug(), task.taskId())
                .with(TestData.as(pat))
                .header("HX-Request", "true")
                .param("leaseToken", task.leaseToken().toString())
                .param("left", task.candidates().get(0).id())
                .param("right", task.candidates().get(1).id())
                .exchange();
    }

    private MvcTestResult api(String operation, ClaimedTask task, String fields) {
        String lease = "{\"leaseToken\":\"" + task.leaseToken() + "\"" + (fields.equals("{}") ? "" : ",");
        return mvc.post()
                .uri("/api/v1/tasks/{id}/" + operation, task.taskId())
                .header("Authorization", basic(pat))
                .contentType(MediaType.APPLICATION_JSON)
                .content(lease + fields.substring(1))
                .exchange();
    }

    private static String submitBody(ClaimedTask task) {
        if (task.kind() == TaskKind.WRITE) {
            return "{\"content\":\"An ideal answer that must not be stored, long enough to pass.\"}";
        }
        return "{\"tiers\":[[\"" + task.candidates().get(0).id() + "\"],[\""
                + task.candidates().get(1).id() + "\"]]}";
    }

    /** Everything a task operation could change, as text to compare. */
    private String stateOfTheQueue() {
        return String.join(
                "\n",
                jdbc.sql("""
                                SELECT concat_ws(' ', id, state, assignee_id, lease_token, lease_expires_at)
                                FROM task ORDER BY id
                                """).query(String.class).list().toString(),
                jdbc.sql("""
                                SELECT concat_ws(' ', item_id, kind, user_id, state, lease_token)
                                FROM item_assignment ORDER BY 1
                                """).query(String.class).list().toString(),
                jdbc.sql("""
                                SELECT concat_ws(' ', (SELECT count(*) FROM draft), (SELECT count(*) FROM task_skip),
                                       (SELECT count(*) FROM demonstration), (SELECT count(*) FROM ranking))
                                """).query(String.class).single());
    }

    private static String basic(UserView user) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user.username() + ":" + TestData.PASSWORD).getBytes(StandardCharsets.UTF_8));
    }
}
