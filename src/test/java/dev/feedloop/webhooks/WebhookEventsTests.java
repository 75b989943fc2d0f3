package dev.feedloop.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.review.Reviews;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events fired by the use cases themselves, not published by the test: a labeler's submit over the
 * API that completes an item, a reviewer's approval, and a snapshot made by its job each leave one
 * delivery of their type in the outbox, with the documented payload.
 */
@IntegrationTest
class WebhookEventsTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    ApiTokens apiTokens;

    @Autowired
    Webhooks webhooks;

    @Autowired
    Reviews reviews;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    JsonNode body(MvcTestResult result) {
        return json.readTree(result.getResponse().getContentAsByteArray());
    }

    List<JsonNode> payloads(long webhookId, String type) {
        return jdbc
                .sql("SELECT payload::text FROM webhook_delivery WHERE webhook_id = ? AND event_type = ? ORDER BY id")
                .params(webhookId, type)
                .query(String.class)
                .list()
                .stream()
                .map(json::readTree)
                .toList();
    }

    @Test
    void aSubmitAReviewAndASnapshotEachLeaveTheirDelivery() throws Exception {
        UserView admin = data.admin();
        AccountPrincipal adminPrincipal = TestData.principal(admin);
        UserView labeler = data.user();
        TestProject project = data.project().demonstrations(1).rankings(0).create();
        data.member(project, labeler, "LABELER");
        long item = data.item(project, "q-1", 0, "a");
        String labelerToken = apiTokens.create(labeler.id(), "labeler").token();
        try (Receiver receiver = new Receiver()) {
            long hook = webhooks.create(
                            project.slug(),
                            receiver.url(),
                            List.of("item.completed", "demonstration.reviewed", "snapshot.created"),
                            adminPrincipal)
                    .webhook()
                    .id();

            // the labeler claims the item's one write slot and submits: the item is complete
            MvcTestResult claimed = mvc.post()
                    .uri("/api/v1/projects/" + project.slug() + "/tasks/next?kind=write")
                    .header("Authorization", "Bearer " + labelerToken)
                    .exchange();
            assertThat(claimed).hasStatusOk();
            JsonNode task = body(claimed);
            assertThat(payloads(hook, "item.completed")).isEmpty();
            MvcTestResult submitted = mvc.post()
                    .uri("/api/v1/tasks/" + task.get("taskId").asLong() + "/submit")
                    .header("Authorization", "Bearer " + labelerToken)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(json.createObjectNode()
                            .put("leaseToken", task.get("leaseToken").asString())
                            .put("content", "The answer.")
                            .toString())
                    .exchange();
            assertThat(submitted).hasStatus(201);
            List<JsonNode> completed = payloads(hook, "item.completed");
            assertThat(completed).hasSize(1);
            assertThat(completed.getFirst().get("project").asString()).isEqualTo(project.slug());
            assertThat(completed.getFirst().get("data").get("itemId").asLong()).isEqualTo(item);
            assertThat(completed.getFirst().get("data").get("externalId").asString())
                    .isEqualTo("q-1");

            // a reviewer approves the demonstration
            long demonstration = jdbc.sql("SELECT id FROM demonstration WHERE item_id = ?")
                    .param(item)
                    .query(Long.class)
                    .single();
            reviews.approve(project.slug(), demonstration, adminPrincipal, "Good.");
            List<JsonNode> reviewed = payloads(hook, "demonstration.reviewed");
            assertThat(reviewed).hasSize(1);
            assertThat(reviewed.getFirst().get("data").get("demonstrationId").asLong())
                    .isEqualTo(demonstration);
            assertThat(reviewed.getFirst().get("data").get("decision").asString())
                    .isEqualTo("APPROVED");
            assertThat(reviewed.getFirst().get("data").get("reviewer").asString())
                    .isEqualTo(admin.username());

            // a snapshot made by its job
            MvcTestResult snapshot = mvc.post()
                    .uri("/api/v1/projects/" + project.slug() + "/snapshots?kind=sft&testRatio=0&wait=30")
                    .with(TestData.as(admin))
                    .exchange();
            assertThat(snapshot).hasStatus(201);
            List<JsonNode> created = payloads(hook, "snapshot.created");
            assertThat(created).hasSize(1);
            assertThat(created.getFirst().get("data").get("snapshotId").asLong())
                    .isEqualTo(body(snapshot).get("id").asLong());
            assertThat(created.getFirst().get("data").get("rows").get("train").asLong())
                    .isEqualTo(1);

            // the same events again add nothing for a completed item
            assertThat(payloads(hook, "item.completed")).hasSize(1);
        }
    }
}
