package dev.feedloop.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.RefusedPages;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.json.JsonMapper;

/** The work pages' server side: claiming on open, drafts, preview, heartbeat, skip and roles. */
@IntegrationTest
class WorkPagesTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    TestProject project;
    UserView labeler;

    @BeforeEach
    void setUp() {
        project = data.project().rankings(0).demonstrations(1).create();
        labeler = data.user();
        data.member(project, labeler, "LABELER");
        data.itemAsking(project, "First", "m", "answer one");
        data.itemAsking(project, "Second", "m", "answer two");
    }

    @Test
    void openingTheWritePageTwiceShowsTheSameTask() {
        long first = taskId();
        long second = taskId();
        assertThat(second).isEqualTo(first);
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE state = 'LEASED'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void draftsAreSavedAndShownAgainOnTheNextVisit() {
        long task = taskId();
        assertThat(mvc.post()
                        .uri("/projects/{slug}/write/{id}/draft", project.slug(), task)
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .param("leaseToken", token(task))
                        .param("content", "Half-written <b>answer</b>")
                        .param("basedOnCandidateId", "A"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.updatedAt")
                .isNotNull();
        assertThat(page("/projects/" + project.slug() + "/write"))
                .contains("Half-written &lt;b&gt;answer&lt;/b&gt;")
                .contains("Started from answer A");
    }

    @Test
    void previewRendersMarkdownSafely() {
        assertThat(mvc.post()
                        .uri("/projects/{slug}/write/preview", project.slug())
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .header("HX-Request", "true")
                        .param("content", "**bold** <script>x()</script> [a](javascript:x())"))
                .hasStatusOk()
                .bodyText()
                .contains("<strong>bold</strong>")
                .contains("&lt;script&gt;")
                .doesNotContain("<script>x")
                .doesNotContain("javascript:")
                .doesNotContain("<html");
    }

    @Test
    void heartbeatExtendsTheLeaseAndALostLeaseAnswersConflict() {
        long task = taskId();
        assertThat(mvc.post()
                        .uri("/projects/{slug}/tasks/{id}/heartbeat", project.slug(), task)
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .param("leaseToken", token(task)))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.expiresAt")
                .isNotNull();
        assertThat(mvc.post()
                        .uri("/projects/{slug}/tasks/{id}/heartbeat", project.slug(), task)
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .param("leaseToken", "00000000-0000-0000-0000-000000000000"))
                .hasStatus(409);
    }

    @Test
    void skippingWithAReasonOpensTheNextTask() {
        long task = taskId();
        assertThat(mvc.post()
                        .uri("/projects/{slug}/tasks/{id}/skip", project.slug(), task)
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .param("leaseToken", token(task))
                        .param("reason", "unclear_prompt")
                        .param("next", "write"))
                .hasRedirectedUrl("/projects/" + project.slug() + "/write");
        assertThat(jdbc.sql("SELECT reason_code FROM task_skip WHERE task_id = ?")
                        .param(task)
                        .query(String.class)
                        .single())
                .isEqualTo("unclear_prompt");
        assertThat(taskId()).isNotEqualTo(task);
    }

    @Test
    void pagesNeedTheProjectRole() {
        UserView annotator = data.user();
        jdbc.sql("INSERT INTO project_member (project_id, user_id, roles) VALUES (?, ?, '{ANNOTATOR}')")
                .params(project.id(), annotator.id())
                .update();
        assertThat(mvc.get().uri("/projects/{slug}/write", project.slug()).with(TestData.as(annotator)))
                .hasStatus(403);
        assertThat(mvc.get().uri("/projects/{slug}/review", project.slug()).with(TestData.as(annotator)))
                .hasStatus(403);
        assertThat(mvc.get().uri("/projects/{slug}/rank", project.slug()).with(TestData.as(data.user())))
                .hasStatus(404);
    }

    @Test
    void aSubmittedFormWithCrLfLineBreaksIsStoredWithLf() {
        long task = taskId();
        assertThat(mvc.post()
                        .uri("/projects/{slug}/write/{id}", project.slug(), task)
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .param("leaseToken", token(task))
                        .param("content", "First line\r\n\r\n- item\r\n- item\rlast"))
                .hasRedirectedUrl("/projects/" + project.slug() + "/write");

        assertThat(jdbc.sql("SELECT content FROM demonstration WHERE task_id = ?")
                        .param(task)
                        .query(String.class)
                        .single())
                .isEqualTo("First line\n\n- item\n- item\nlast");
    }

    @Test
    void draftsCarryAVersionAndASaveOverANewerOneAnswersConflict() {
        long task = taskId();
        assertThat(page("/projects/" + project.slug() + "/write")).contains("data-draft-version=\"0\"");
        assertThat(saveDraft(task, "Tab one\r\ntext", 0))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.version")
                .isEqualTo(1);
        assertThat(page("/projects/" + project.slug() + "/write")).contains("data-draft-version=\"1\"");

        assertThat(saveDraft(task, "Tab two text", 0))
                .hasStatus(409)
                .bodyJson()
                .satisfies(
                        body -> assertThat(body).extractingPath("$.code").isEqualTo("draft-conflict"),
                        body -> assertThat(body)
                                .extractingPath("$.currentVersion")
                                .isEqualTo(1));
        assertThat(mvc.get()
                        .uri("/projects/{slug}/write/{id}/draft", project.slug(), task)
                        .with(TestData.as(labeler))
                        .param("leaseToken", token(task)))
                .hasStatusOk()
                .bodyJson()
                .satisfies(
                        body -> assertThat(body).extractingPath("$.content").isEqualTo("Tab one\ntext"),
                        body -> assertThat(body).extractingPath("$.version").isEqualTo(1));
        assertThat(saveDraft(task, "Tab two text", 1))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.version")
                .isEqualTo(2);
    }

    @Test
    void aSecondSubmitWithOtherTextIsRefusedAndShowsTheTextToCopy() {
        long task = taskId();
        assertThat(submit(task, "The first tab's answer\r\nin two lines"))
                .hasRedirectedUrl("/projects/" + project.slug() + "/write");

        var refused = submit(task, "The second tab's <b>other</b> answer");

        assertThat(refused).hasStatus(409);
        assertThat(refused)
                .bodyText()
                .contains("This task was already submitted from another tab or device")
                .contains("id=\"kept-text\"")
                .contains("The second tab&#39;s &lt;b&gt;other&lt;/b&gt; answer");
        assertThat(submit(task, "The first tab's answer\nin two lines"))
                .as("the same text again is the same submit")
                .hasRedirectedUrl("/projects/" + project.slug() + "/write")
                .flash()
                .containsEntry("flashMessage", "labeling.write.submitted");
        assertThat(jdbc.sql("SELECT content FROM demonstration WHERE task_id = ?")
                        .param(task)
                        .query(String.class)
                        .list())
                .containsExactly("The first tab's answer\nin two lines");
    }

    @Test
    void aSecondRankSubmitWithAnotherRankingIsRefusedAndShowsTheRationaleToCopy() {
        TestProject ranked = data.project().rankings(1).demonstrations(0).create();
        data.member(ranked, labeler, "ANNOTATOR");
        data.itemAsking(ranked, "Which is better?", "m1", "one", "m2", "two");
        page("/projects/" + ranked.slug() + "/rank");
        long task = jdbc.sql("SELECT id FROM task WHERE assignee_id = ? AND state = 'LEASED'")
                .param(labeler.id())
                .query(Long.class)
                .single();
        String order = "A,B"; // hidden model names: the page names candidates by labels

        assertThat(rank(ranked, task, order, "[[0],[1]]", "first tab")).hasStatus3xxRedirection();
        var refused = rank(ranked, task, order, "[[1],[0]]", "The second tab's reasons");
        assertThat(refused).hasStatus(409);
        assertThat(refused)
                .bodyText()
                .contains("Your ranking was not stored")
                .contains("already submitted from another tab or device")
                .contains("The second tab&#39;s reasons");
        assertThat(rank(ranked, task, order, "[[0],[1]]", "first tab"))
                .hasRedirectedUrl("/projects/" + ranked.slug() + "/rank")
                .flash()
                .containsEntry("flashMessage", "ranking.submitted");
        assertThat(jdbc.sql("SELECT count(*) FROM ranking").query(Integer.class).single())
                .isEqualTo(1);
    }

    private org.springframework.test.web.servlet.assertj.MvcTestResult rank(
            TestProject ranked, long task, String order, String tiers, String rationale) {
        return mvc.post()
                .uri("/projects/{slug}/rank/{id}", ranked.slug(), task)
                .with(TestData.as(labeler))
                .with(csrf())
                .param("leaseToken", token(task))
                .param("candidate", order.split(","))
                .param("tiers", tiers)
                .param("rationale", rationale)
                .exchange();
    }

    @Test
    void skipNotesAreStoredWithLfLineBreaks() {
        long task = taskId();
        assertThat(mvc.post()
                        .uri("/projects/{slug}/tasks/{id}/skip", project.slug(), task)
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .param("leaseToken", token(task))
                        .param("reason", "other")
                        .param("note", "Two lines:\r\nsecond"))
                .hasRedirectedUrl("/projects/" + project.slug() + "/write");
        assertThat(jdbc.sql("SELECT reason_text FROM task_skip WHERE task_id = ?")
                        .param(task)
                        .query(String.class)
                        .single())
                .isEqualTo("Two lines:\nsecond");
    }

    private org.springframework.test.web.servlet.assertj.MvcTestResult saveDraft(
            long task, String content, long version) {
        return mvc.post()
                .uri("/projects/{slug}/write/{id}/draft", project.slug(), task)
                .with(TestData.as(labeler))
                .with(csrf())
                .accept(org.springframework.http.MediaType.APPLICATION_JSON)
                .param("leaseToken", token(task))
                .param("content", content)
                .param("version", String.valueOf(version))
                .exchange();
    }

    private org.springframework.test.web.servlet.assertj.MvcTestResult submit(long task, String content) {
        return mvc.post()
                .uri("/projects/{slug}/write/{id}", project.slug(), task)
                .with(TestData.as(labeler))
                .with(csrf())
                .param("leaseToken", token(task))
                .param("content", content)
                .exchange();
    }

    private long taskId() {
        page("/projects/" + project.slug() + "/write");
        return jdbc.sql("SELECT id FROM task WHERE assignee_id = ? AND state = 'LEASED'")
                .param(labeler.id())
                .query(Long.class)
                .single();
    }

    private String token(long task) {
        return jdbc.sql("SELECT lease_token::text FROM task WHERE id = ?")
                .param(task)
                .query(String.class)
                .single();
    }

    private String page(String uri) {
        var result = mvc.get().uri(uri).with(TestData.as(labeler)).exchange();
        assertThat(result).hasStatusOk();
        try {
            return result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRefusedSkipGoesBackToThePageItCameFromWithTheReason() {
        long task = taskId();

        var refused = skip(task, "00000000-0000-0000-0000-000000000000", "write");
        var page = RefusedPages.follow(mvc, refused, "/projects/" + project.slug() + "/write", TestData.as(labeler));
        assertThat((java.util.Map<String, Object>) refused.getMvcResult().getFlashMap())
                .containsKey("flashError");
        assertThat(page.select(".flashes .flash-error > span").text()).isNotBlank();
        assertThat(jdbc.sql("SELECT count(*) FROM task_skip")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    private org.springframework.test.web.servlet.assertj.MvcTestResult skip(long task, String leaseToken, String next) {
        return mvc.post()
                .uri("/projects/{slug}/tasks/{id}/skip", project.slug(), task)
                .with(TestData.as(labeler))
                .with(csrf())
                .param("leaseToken", leaseToken)
                .param("reason", "unclear_prompt")
                .param("next", next)
                .exchange();
    }
}
