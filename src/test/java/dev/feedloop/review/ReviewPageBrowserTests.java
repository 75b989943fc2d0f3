package dev.feedloop.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import dev.feedloop.workqueue.ClaimedTask;
import dev.feedloop.workqueue.TaskKind;
import dev.feedloop.workqueue.WorkQueue;
import dev.feedloop.workqueue.WriteSubmission;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class ReviewPageBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    WorkQueue queue;

    @Test
    void reviewerRejectsWithACommentTheTaskReopensAndTheAuthorSeesItInTheirHistory() {
        TestProject project = data.project().rankings(0).demonstrations(1).create();
        UserView author = data.user();
        UserView reviewer = data.user();
        UserView other = data.user();
        data.member(project, author, "LABELER")
                .member(project, other, "LABELER")
                .member(project, reviewer, "REVIEWER")
                .guidelines(project, "Answer in full sentences.");
        data.itemAsking(
                project,
                "How do I reverse a list in Python?",
                "model-a",
                "Use `reversed(xs)` or `xs[::-1]`.\n\n```python\nxs = [1, 2, 3]\nprint(xs[::-1])\n```");
        ClaimedTask task =
                queue.next(project.slug(), TaskKind.WRITE, me(author)).orElseThrow();
        queue.submit(
                task.taskId(),
                me(author),
                new WriteSubmission(
                        task.leaseToken(),
                        125,
                        "Use `xs[::-1]` for a reversed copy.\n\n```python\nxs = [1, 2, 3]\nprint(xs[::-1])\n```",
                        "A"));

        try (Browser browser = Browser.open(port)) {
            browser.signIn(reviewer.username()).go("/projects/" + project.slug() + "/review");
            browser.waitUntil(d -> browser.find("[data-review-reject]").isDisplayed());
            assertThat(browser.find(".review-meta").getText())
                    .contains(author.displayName())
                    .contains("2 min 5 s");
            assertThat(browser.find(".word-diff del").getText()).isNotBlank();
            assertThat(browser.find(".word-diff ins").getText()).isNotBlank();
            browser.screenshot("review-1-demonstration");

            browser.find("#reject-comment").sendKeys("Explain that reversed() returns an iterator.");
            browser.find("[data-review-reject]").click();
            browser.waitUntil(d -> !browser.findAll(".queue-empty").isEmpty());
            browser.screenshot("review-2-queue-empty");
        }

        assertThat(jdbc.sql("SELECT state FROM task WHERE id = ?")
                        .param(task.taskId())
                        .query(String.class)
                        .single())
                .isEqualTo("OPEN");
        assertThat(queue.next(project.slug(), TaskKind.WRITE, me(author))).isEmpty();
        assertThat(queue.next(project.slug(), TaskKind.WRITE, me(other))
                        .orElseThrow()
                        .taskId())
                .isEqualTo(task.taskId());

        try (Browser browser = Browser.open(port)) {
            browser.signIn(author.username()).go("/history");
            browser.waitUntil(d -> !browser.findAll(".history-item").isEmpty());
            assertThat(browser.find(".history-outcome").getText()).isEqualTo("rejected");
            assertThat(browser.find(".history-comment").getText()).contains("returns an iterator");
            browser.screenshot("history-1-rejected");
        }
    }

    private static AccountPrincipal me(UserView user) {
        return TestData.principal(user);
    }
}
