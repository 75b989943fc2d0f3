package dev.feedloop.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
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
 * The loop's first half end to end: failures posted from production become fix tasks, a labeler
 * fixes one from the bad reply and says the other was not a real failure, a reviewer approves the
 * fix, and the SFT export has it.
 */
@IntegrationTest
class FixTaskFlowTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestData data;

    @Autowired
    IntakeTokens intakeTokens;

    @Autowired
    ApiTokens apiTokens;

    TestProject project;
    UserView labeler;
    UserView reviewer;
    String adminToken;
    String intake;

    @BeforeEach
    void setUp() {
        UserView admin = data.admin();
        adminToken = apiTokens.create(admin.id(), "admin").token();
        project = data.project().demonstrations(0).rankings(0).create();
        labeler = data.user();
        reviewer = data.user();
        data.member(project, labeler, "LABELER");
        data.member(project, reviewer, "REVIEWER");
        intake = intakeTokens
                .create(project.slug(), "production", TestData.principal(admin))
                .token();
    }

    MvcTestResult post(String body) {
        return mvc.post()
                .uri("/api/v1/projects/" + project.slug() + "/feedback")
                .header("Authorization", "Bearer " + intake)
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .exchange();
    }

    JsonNode api(String path) {
        MvcTestResult result = mvc.get()
                .uri("/api/v1/projects/" + project.slug() + path)
                .header("Authorization", "Bearer " + adminToken)
                .exchange();
        assertThat(result).hasStatusOk();
        return json.readTree(result.getResponse().getContentAsByteArray());
    }

    Document writePage() throws Exception {
        MvcTestResult page = mvc.get()
                .uri("/projects/{slug}/write", project.slug())
                .with(TestData.as(labeler))
                .exchange();
        assertThat(page).hasStatusOk();
        return Jsoup.parse(page.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void failuresBecomeFixTasksThatAreFixedDismissedReviewedAndExported() throws Exception {
        assertThat(post(FeedbackIntakeTests.feedback("t-1", "down"))).hasStatus(HttpStatus.CREATED);
        assertThat(post(FeedbackIntakeTests.feedback("t-2", 2).replace("wrong year", "too short")))
                .hasStatus(HttpStatus.CREATED);
        assertThat(post(FeedbackIntakeTests.feedback("t-1", "down"))).hasStatus(HttpStatus.OK);
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE project_id = ? AND kind = 'WRITE' AND state = 'OPEN'")
                        .param(project.id())
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
        assertThat(api("/feedback?state=task_open")
                        .get("counts")
                        .get("taskOpen")
                        .asInt())
                .isEqualTo(2);

        // the first fix task: the bad reply marked, the user's rating and comment, a diff as the text changes
        Document first = writePage();
        assertThat(first.select("[data-bad-reply] .candidate-body").text()).isEqualTo("In 1991.");
        assertThat(first.select("[data-bad-reply] .badge-danger").text()).isEqualTo("The bad reply");
        assertThat(first.select("[data-fix-comment]").text()).isEqualTo("wrong year");
        assertThat(first.select("[data-fix-rating]").text()).isEqualTo("Thumbs down");
        assertThat(first.select(".candidates")).isEmpty();
        String firstTask = first.select("[data-write-form]").attr("data-task-id");
        String firstLease = first.select("[data-write-form]").attr("data-lease-token");
        String badReplyId = first.select("[data-fix-start]").attr("data-start-from");
        // the project hides model names: the bad reply is named by its label, as every candidate is
        assertThat(badReplyId).isEqualTo("A");
        assertThat(first.select("[data-bad-reply] .candidate-model")).isEmpty();

        MvcTestResult diff = mvc.post()
                .uri("/projects/{slug}/write/{id}/fix-diff", project.slug(), firstTask)
                .with(TestData.as(labeler))
                .with(csrf())
                .param("leaseToken", firstLease)
                .param("content", "In 1989.")
                .exchange();
        assertThat(diff).hasStatusOk();
        Document segments = Jsoup.parse(diff.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(segments.select("del").text()).isEqualTo("1991");
        assertThat(segments.select("ins").text()).isEqualTo("1989");

        assertThat(mvc.post()
                        .uri("/projects/{slug}/write/{id}", project.slug(), firstTask)
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .param("leaseToken", firstLease)
                        .param("basedOnCandidateId", badReplyId)
                        .param("content", "The Berlin wall fell on 9 November 1989."))
                .hasStatus(HttpStatus.FOUND);

        // the second: not a real failure, first without a reason (refused, the task stays), then with one
        Document second = writePage();
        String secondTask = second.select("[data-write-form]").attr("data-task-id");
        String secondLease = second.select("[data-write-form]").attr("data-lease-token");
        assertThat(secondTask).isNotEqualTo(firstTask);
        assertThat(second.select("[data-fix-rating]").text()).isEqualTo("Rated 2 of 5");
        assertThat(mvc.post()
                        .uri("/projects/{slug}/write/{id}/not-a-failure", project.slug(), secondTask)
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .param("leaseToken", secondLease)
                        .param("reason", "  "))
                .hasStatus(HttpStatus.FOUND)
                .flash()
                .containsEntry("flashError", "feedback.error.reasonRequired");
        assertThat(jdbc.sql("SELECT state FROM task WHERE id = ?")
                        .param(Long.parseLong(secondTask))
                        .query(String.class)
                        .single())
                .isEqualTo("LEASED");
        assertThat(mvc.post()
                        .uri("/projects/{slug}/write/{id}/not-a-failure", project.slug(), secondTask)
                        .with(TestData.as(labeler))
                        .with(csrf())
                        .param("leaseToken", secondLease)
                        .param("reason", "The user asked for a short answer."))
                .hasStatus(HttpStatus.FOUND)
                .flash()
                .containsEntry("flashMessage", "labeling.fix.dismissed");
        assertThat(jdbc.sql("SELECT state FROM task WHERE id = ?")
                        .param(Long.parseLong(secondTask))
                        .query(String.class)
                        .single())
                .isEqualTo("DONE");
        assertThat(jdbc.sql("SELECT count(*) FROM demonstration WHERE task_id = ?")
                        .param(Long.parseLong(secondTask))
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(writePage().select("[data-write-form]")).isEmpty();

        // the reviewer sees the report, the bad reply and the fix against it, and approves
        MvcTestResult review = mvc.get()
                .uri("/projects/{slug}/review", project.slug())
                .with(TestData.as(reviewer))
                .exchange();
        assertThat(review).hasStatusOk();
        Document reviewPage =
                Jsoup.parse(review.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(reviewPage.select("[data-review-bad-reply] .candidate-body").text())
                .isEqualTo("In 1991.");
        assertThat(reviewPage.select("[data-review-fix] .fix-comment").text()).isEqualTo("wrong year");
        assertThat(reviewPage.select("[data-review-fix-diff] del").eachText()).contains("In", "1991");
        assertThat(reviewPage.select("[data-review-fix-diff] ins").text())
                .isEqualTo("The Berlin wall fell on 9 November 1989");
        long demonstration = jdbc.sql("SELECT id FROM demonstration WHERE task_id = ?")
                .param(Long.parseLong(firstTask))
                .query(Long.class)
                .single();
        assertThat(mvc.post()
                        .uri("/projects/{slug}/review/{id}/approve", project.slug(), demonstration)
                        .with(TestData.as(reviewer))
                        .with(csrf()))
                .hasStatus(HttpStatus.FOUND);

        // states and the reason over REST
        JsonNode approved = api("/feedback?state=approved");
        assertThat(approved.get("feedback")).hasSize(1);
        assertThat(approved.get("feedback").get(0).get("traceId").asString()).isEqualTo("t-1");
        JsonNode dismissed = api("/feedback/t-2");
        assertThat(dismissed.get("state").asString()).isEqualTo("not_a_failure");
        assertThat(dismissed.get("dismissal").get("reason").asString()).isEqualTo("The user asked for a short answer.");
        assertThat(dismissed.get("messages")).hasSize(3);
        JsonNode counts = approved.get("counts");
        assertThat(counts.get("approved").asInt()).isEqualTo(1);
        assertThat(counts.get("notAFailure").asInt()).isEqualTo(1);
        assertThat(counts.get("total").asInt()).isEqualTo(2);

        // the SFT export has the fix, traced back to the feedback by the item's external id
        MvcTestResult export = mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/exports/sft?format=messages")
                .header("Authorization", "Bearer " + adminToken)
                .exchange();
        assertThat(export).hasStatusOk();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : export.getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8)
                .split("\n")) {
            if (!line.isBlank()) {
                lines.add(json.readTree(line));
            }
        }
        assertThat(lines).hasSize(1);
        JsonNode messages = lines.getFirst().get("messages");
        assertThat(messages.get(messages.size() - 1).get("content").asString())
                .isEqualTo("The Berlin wall fell on 9 November 1989.");
        assertThat(messages.get(1).get("content").asString()).isEqualTo("When did the Berlin wall fall?");
        assertThat(lines.getFirst().get("metadata").get("external_id").asString())
                .isEqualTo("fb-t-1");
        assertThat(lines.getFirst().get("metadata").get("based_on").asString()).isEqualTo("bad-reply");
    }
}
