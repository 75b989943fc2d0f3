package dev.feedloop.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Administrators read who skipped what and why, on the project's Skips page and over REST. */
@IntegrationTest
class SkipsTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    @Autowired
    WorkQueue queue;

    TestProject project;
    UserView admin;
    UserView ann;
    UserView labeler;

    @BeforeEach
    void setUp() {
        project = data.project().demonstrations(1).rankings(1).create();
        admin = data.admin();
        ann = data.user();
        labeler = data.user();
        data.member(project, ann.id(), "ANNOTATOR");
        data.member(project, labeler.id(), "LABELER");
        data.item(project, "q-1", 0, "a", "b");
        data.item(project, "q-2", 0, "a", "b");
        data.item(project, "q-3", 0, "a", "b");
    }

    void skip(UserView person, TaskKind kind, String reason, String note) {
        ClaimedTask task =
                queue.next(project.slug(), kind, TestData.principal(person)).orElseThrow();
        queue.skip(task.taskId(), TestData.principal(person), task.leaseToken(), reason, note);
    }

    @Test
    void skipsPageShowsWhoWhenWhyAndTheNoteNewestFirst() throws Exception {
        skip(ann, TaskKind.RANK, "needs_expertise", "Medical <b>dosage</b> question");
        skip(labeler, TaskKind.WRITE, "other", "The answer needs a lawyer");

        MvcTestResult page = mvc.get()
                .uri("/projects/{slug}/skips", project.slug())
                .with(TestData.as(admin))
                .exchange();

        assertThat(page).hasStatusOk();
        String html = page.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(html)
                .contains(ann.username(), ann.displayName(), labeler.username())
                .contains("Needs expertise", "Other", "q-1")
                .contains("Medical &lt;b&gt;dosage&lt;/b&gt; question", "The answer needs a lawyer")
                .contains("href=\"/projects/" + project.slug() + "/skips\"");
        assertThat(html.indexOf("The answer needs a lawyer"))
                .as("newest first")
                .isLessThan(html.indexOf("Medical &lt;b&gt;"));
        assertThat(mvc.get()
                        .uri("/projects/{slug}/skips?reason=needs_expertise", project.slug())
                        .with(TestData.as(admin)))
                .hasStatusOk()
                .bodyText()
                .contains("Medical &lt;b&gt;dosage")
                .doesNotContain("The answer needs a lawyer");
    }

    @Test
    void skipsPageIsForAdministratorsOnly() {
        skip(ann, TaskKind.RANK, "other", "secret note");
        UserView stranger = data.user();

        assertThat(mvc.get().uri("/projects/{slug}/skips", project.slug()).with(TestData.as(labeler)))
                .hasStatus(HttpStatus.FORBIDDEN)
                .bodyText()
                .doesNotContain("secret note");
        assertThat(mvc.get().uri("/projects/{slug}/skips", project.slug()).with(TestData.as(stranger)))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.get().uri("/projects/{slug}", project.slug()).with(TestData.as(admin)))
                .bodyText()
                .contains("/projects/" + project.slug() + "/skips");
        assertThat(mvc.get().uri("/projects/{slug}", project.slug()).with(TestData.as(ann)))
                .bodyText()
                .doesNotContain("/projects/" + project.slug() + "/skips");
    }

    @Test
    void skipsApiPagesNewestFirstAndFiltersByReason() throws Exception {
        skip(ann, TaskKind.RANK, "unclear_prompt", null);
        skip(ann, TaskKind.RANK, "broken_item", "Empty answer b");
        skip(labeler, TaskKind.WRITE, "unclear_prompt", "Cut off");
        String uri = "/api/v1/projects/" + project.slug() + "/skips";

        JsonNode first = get(uri + "?limit=2", admin);
        JsonNode second = get(uri + "?limit=2&before=" + first.get("nextBefore").asLong(), admin);
        JsonNode unclear = get(uri + "?reason=unclear_prompt", admin);

        assertThat(first.get("skips").findValuesAsString("note")).containsExactly("Cut off", "Empty answer b");
        JsonNode newest = first.get("skips").get(0);
        assertThat(newest.get("kind").asString()).isEqualTo("write");
        assertThat(newest.get("reason").asString()).isEqualTo("unclear_prompt");
        assertThat(newest.at("/annotator/username").asString()).isEqualTo(labeler.username());
        assertThat(newest.get("itemExternalId").asString()).startsWith("q-");
        assertThat(newest.get("skippedAt").asString()).endsWith("Z");
        assertThat(second.get("skips")).hasSize(1);
        assertThat(second.at("/skips/0/note").isNull()).isTrue();
        assertThat(second.get("nextBefore").isNull()).isTrue();
        assertThat(unclear.get("skips").findValuesAsString("reason"))
                .containsExactly("unclear_prompt", "unclear_prompt");
    }

    @Test
    void skipsApiIsForAdministratorsAndChecksItsParameters() {
        String uri = "/api/v1/projects/" + project.slug() + "/skips";

        assertThat(mvc.get().uri(uri).with(TestData.as(ann)))
                .hasStatus(HttpStatus.FORBIDDEN)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.get().uri(uri + "?reason=bored").with(TestData.as(admin)))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("reason");
        assertThat(mvc.get().uri(uri + "?limit=0").with(TestData.as(admin)))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("limit");
    }

    JsonNode get(String uri, UserView person) throws Exception {
        MvcTestResult result = mvc.get().uri(uri).with(TestData.as(person)).exchange();
        assertThat(result).hasStatusOk();
        return json.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }
}
