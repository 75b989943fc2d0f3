package dev.feedloop.quality.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The per-person ledger over the API and on the quality page, from known judgments, skips and reviews. */
@IntegrationTest
class QualityLedgerTests {

    static final Instant T = Instant.parse("2025-03-01T00:00:00Z");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Test
    void eachMemberHasTheirJudgmentsTimesSkipsReviewsPastingAndStatus() throws Exception {
        TestProject project = data.project().rankings(2).demonstrations(1).create();
        UserView admin = data.admin();
        UserView ann = data.user();
        UserView lara = data.user();
        UserView idle = data.user();
        data.member(project, ann, "ANNOTATOR").member(project, lara, "LABELER").member(project, idle, "ANNOTATOR");
        data.items(project, "q", 3, 2);
        List<Long> items = jdbc.sql("SELECT id FROM item WHERE project_id = ? ORDER BY id")
                .param(project.id())
                .query(Long.class)
                .list();
        data.ranking(items.get(0), ann.id())
                .tiers(List.of("a"), List.of("b"))
                .activeSeconds(10)
                .at(T)
                .insert();
        data.ranking(items.get(1), ann.id())
                .tiers(List.of("b"), List.of("a"))
                .activeSeconds(30)
                .at(T)
                .insert();
        data.ranking(items.get(2), ann.id())
                .tiers(List.of("a"), List.of("b"))
                .activeSeconds(90)
                .at(T.plusSeconds(3600))
                .insert();
        data.skip(items.get(2), "RANK", ann.id(), "needs_expertise", null, T);
        // q-1 and q-2 are gold items answered a > b, and ann's rankings of them were gold tasks:
        // right on q-1, wrong on q-2.
        for (long gold : List.of(items.get(0), items.get(1))) {
            jdbc.sql("INSERT INTO item_gold (item_id, project_id, tiers) VALUES (?, ?, '[[\"a\"], [\"b\"]]')")
                    .params(gold, project.id())
                    .update();
            jdbc.sql("""
                            UPDATE task SET gold_for = r.annotator_id FROM ranking r
                            WHERE r.task_id = task.id AND r.item_id = ? AND r.annotator_id = ?
                            """).params(gold, ann.id()).update();
        }
        long first = data.demonstration(items.get(0), lara.id(), "One.").at(T).insert();
        long second = data.demonstration(items.get(1), lara.id(), "Two.").at(T).insert();
        jdbc.sql("UPDATE demonstration SET pasted_chars = 300, typed_chars = 100 WHERE id = ?")
                .param(first)
                .update();
        data.review(first, admin.id(), "REJECTED", T.plusSeconds(10));
        data.review(first, admin.id(), "APPROVED", T.plusSeconds(20));
        data.review(second, admin.id(), "EDITED", T.plusSeconds(30));
        jdbc.sql(
                        "UPDATE project_member SET paused_at = ?, paused_reason = 'MANUAL' WHERE project_id = ? AND user_id = ?")
                .params(java.sql.Timestamp.from(T), project.id(), idle.id())
                .update();

        MvcTestResult result = mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/ledger?asOf=2025-03-01T00:30:00Z")
                .with(TestData.as(admin))
                .exchange();

        assertThat(result).hasStatus(HttpStatus.OK);
        JsonNode ledger = json.readTree(result.getResponse().getContentAsString());
        JsonNode annRow = row(ledger, ann.username());
        assertThat(annRow.get("rankings").asLong())
                .as("the third ranking is after asOf")
                .isEqualTo(2);
        assertThat(annRow.get("medianActiveSeconds").asDouble()).isEqualTo(20.0);
        assertThat(annRow.get("skips").asLong()).isEqualTo(1);
        assertThat(annRow.get("skipRate").asDouble()).isEqualTo(1.0 / 3);
        assertThat(annRow.get("topSkipReason").asString()).isEqualTo("needs_expertise");
        assertThat(annRow.get("status").asString()).isEqualTo("active");
        assertThat(annRow.get("goldJudgments").asLong()).isEqualTo(2);
        assertThat(annRow.get("goldAccuracy").asDouble()).isEqualTo(0.5);
        assertThat(annRow.get("goldCi95")).hasSize(2);
        assertThat(row(ledger, lara.username()).get("goldAccuracy").isNull()).isTrue();
        JsonNode laraRow = row(ledger, lara.username());
        assertThat(laraRow.get("demonstrations").asLong()).isEqualTo(2);
        assertThat(laraRow.get("reviewed").asLong())
                .as("the newest decision counts")
                .isEqualTo(2);
        assertThat(laraRow.get("approved").asLong())
                .as("an edit is not an approval")
                .isEqualTo(1);
        assertThat(laraRow.get("pastedShare").asDouble()).isEqualTo(0.75);
        JsonNode idleRow = row(ledger, idle.username());
        assertThat(idleRow.get("status").asString()).isEqualTo("paused");
        assertThat(idleRow.get("pausedReason").asString()).isEqualTo("manual");
        assertThat(idleRow.get("skipRate").isNull()).isTrue();

        var page = Jsoup.parse(mvc.get()
                .uri("/projects/" + project.slug() + "/quality?asOf=2025-03-01T00:30:00Z")
                .with(TestData.as(admin))
                .exchange()
                .getResponse()
                .getContentAsString());
        assertThat(page.select("table[data-ledger] tbody tr")).hasSize(3);
        assertThat(page.select("table[data-ledger] tr.row-paused").text()).contains(idle.username(), "paused");
        assertThat(mvc.get()
                        .uri("/api/v1/projects/" + project.slug() + "/ledger")
                        .with(TestData.as(ann))
                        .exchange())
                .hasStatus(HttpStatus.FORBIDDEN);
    }

    private static JsonNode row(JsonNode ledger, String username) {
        for (JsonNode row : ledger) {
            if (row.get("username").asString().equals(username)) {
                return row;
            }
        }
        throw new AssertionError("no ledger row for " + username + " in " + ledger);
    }
}
