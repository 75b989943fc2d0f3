package dev.feedloop.workqueue.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.RefusedPages;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import java.util.List;
import java.util.Map;
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

/** The queue's REST API: paths, JSON field names, status codes and problem details. */
@IntegrationTest
class TasksApiTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    TestProject project;
    Person ann;

    @BeforeEach
    void setUp() {
        project = data.project().demonstrations(1).rankings(1).create();
        ann = data.peopleWithTokens(project, 1, "ANNOTATOR", "LABELER").get(0);
    }

    @Test
    void nextRankTaskHasTheDocumentedShape() {
        data.guidelines(project, "Be fair.");
        data.item(project, "q-1", 0, "a", "b", "c");

        MvcTestResult result = post("/api/v1/projects/" + project.slug() + "/tasks/next?kind=rank", null);

        assertThat(result).hasStatus(HttpStatus.OK).hasContentType(MediaType.APPLICATION_JSON);
        JsonNode task = body(result);
        assertThat(task.get("taskId").isIntegralNumber()).isTrue();
        assertThat(task.get("kind").asString()).isEqualTo("rank");
        assertThat(task.get("leaseToken").asString()).matches("[0-9a-f-]{36}");
        assertThat(task.get("leaseExpiresAt").asString()).endsWith("Z");
        assertThat(task.get("guidelineVersion").asInt()).isEqualTo(1);
        assertThat(task.get("item").propertyNames()).containsExactlyInAnyOrder("id", "externalId", "messages");
        assertThat(task.at("/item/externalId").asString()).isEqualTo("q-1");
        assertThat(task.at("/item/messages/1/role").asString()).isEqualTo("user");
        assertThat(task.get("candidates")).hasSize(3);
        assertThat(task.at("/candidates/0").propertyNames())
                .as("model names are hidden by default")
                .containsExactlyInAnyOrder("id", "content");
    }

    @Test
    void modelNamesAreShownWhenTheProjectDoesNotHideThem() {
        TestProject open = data.project().hideModelNames(false).create();
        data.member(open, ann.id(), "LABELER");
        data.item(open, "q-1", 0, "a", "b");

        JsonNode task = body(post("/api/v1/projects/" + open.slug() + "/tasks/next?kind=write", null));

        assertThat(task.get("kind").asString()).isEqualTo("write");
        assertThat(task.at("/candidates/0/id").asString()).isEqualTo("a");
        assertThat(task.at("/candidates/0/model").asString()).isEqualTo("model-a");
        assertThat(task.at("/candidates/1/content").asString()).isEqualTo("answer b");
    }

    @Test
    void aRoleTakenAwayBetweenClaimAndSubmitStopsTheSubmitAndARoleGivenAppliesToTheNextRequest() {
        data.item(project, "q-1", 0, "a", "b", "c");
        JsonNode task = body(post("/api/v1/projects/" + project.slug() + "/tasks/next?kind=rank", null));
        Map<String, Object> ranking = Map.of(
                "leaseToken",
                task.get("leaseToken").asString(),
                "tiers",
                List.of(List.of("A"), List.of("B"), List.of("C")));
        String submit = "/api/v1/tasks/" + task.get("taskId").asLong() + "/submit";

        data.member(project, ann.id(), "LABELER");

        assertThat(post(submit, ranking))
                .hasStatus(HttpStatus.FORBIDDEN)
                .bodyJson()
                .extractingPath("$.code")
                .isEqualTo("role-missing");
        assertThat(jdbc.sql("SELECT count(*) FROM ranking").query(Long.class).single())
                .isZero();

        data.member(project, ann.id(), "LABELER", "ANNOTATOR");

        assertThat(post(submit, ranking)).hasStatus(HttpStatus.CREATED);
        // The labels A, B, C stood for the candidates in the order shown; the ranking stores their import ids.
        assertThat(jdbc.sql("""
                        SELECT r.tiers = (SELECT jsonb_agg(jsonb_build_array(x.id) ORDER BY x.n)
                                          FROM jsonb_array_elements(r.displayed_order) WITH ORDINALITY AS x(id, n))
                               AND r.displayed_order @> '["a", "b", "c"]'::jsonb
                        FROM ranking r
                        """).query(Boolean.class).single()).isTrue();
    }

    @Test
    void aPersonAddedToAProjectCanClaimOnTheNextRequestAndOneRemovedCannot() {
        TestProject other = data.project().create();
        data.item(other, "q-1", 0, "a", "b");
        String next = "/api/v1/projects/" + other.slug() + "/tasks/next?kind=rank";
        assertThat(post(next, null)).hasStatus(HttpStatus.NOT_FOUND);

        data.member(other, ann.id(), "ANNOTATOR");
        assertThat(post(next, null)).hasStatus(HttpStatus.OK);

        jdbc.sql("DELETE FROM project_member WHERE project_id = ? AND user_id = ?")
                .params(other.id(), ann.id())
                .update();
        assertThat(post(next, null)).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void aSettingsChangeThatThisServerDidNotMakeAppliesToTheNextSubmit() {
        data.item(project, "q-1", 0, "a", "b", "c");
        data.item(project, "q-2", 0, "a", "b", "c");
        String next = "/api/v1/projects/" + project.slug() + "/tasks/next?kind=rank";
        JsonNode first = body(post(next, null));
        assertThat(post(
                        "/api/v1/tasks/" + first.get("taskId").asLong() + "/submit",
                        Map.of(
                                "leaseToken",
                                first.get("leaseToken").asString(),
                                "tiers",
                                List.of(List.of("A", "B"), List.of("C")))))
                .hasStatus(HttpStatus.CREATED);

        // Another server (or an administrator's SQL) forbids ties; no event reaches this server.
        jdbc.sql("UPDATE project SET ties_allowed = false WHERE id = ?")
                .param(project.id())
                .update();

        JsonNode second = body(post(next, null));
        assertThat(post(
                        "/api/v1/tasks/" + second.get("taskId").asLong() + "/submit",
                        Map.of(
                                "leaseToken",
                                second.get("leaseToken").asString(),
                                "tiers",
                                List.of(List.of("A", "B"), List.of("C")))))
                .hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void submitWithNextStoresTheJudgmentAndHandsOutTheNextTaskOfTheSameKindUntilNoneIsLeft() {
        JsonNode first = firstOfTwoRankTasks();

        MvcTestResult submitted = post(submitAndNext(first), ranking(first));

        assertThat(submitted).hasStatus(HttpStatus.CREATED);
        JsonNode answer = body(submitted);
        JsonNode second = answer.get("next");
        assertThat(answer.get("judgmentId").asLong())
                .isEqualTo(jdbc.sql("SELECT id FROM ranking WHERE task_id = ?")
                        .param(first.get("taskId").asLong())
                        .query(Long.class)
                        .single());
        assertThat(second.get("kind").asString()).isEqualTo("rank");
        assertThat(second.get("taskId").asLong())
                .isNotEqualTo(first.get("taskId").asLong());
        assertThat(second.at("/item/externalId").asString())
                .isNotEqualTo(first.at("/item/externalId").asString());
        assertThat(second.get("candidates")).hasSize(2);
        assertThat(jdbc.sql("SELECT state || ' ' || assignee_id || ' ' || lease_token FROM task WHERE id = ?")
                        .param(second.get("taskId").asLong())
                        .query(String.class)
                        .single())
                .isEqualTo("LEASED " + ann.id() + " " + second.get("leaseToken").asString());

        JsonNode last = body(post(submitAndNext(second), ranking(second)));

        assertThat(last.has("next")).isTrue();
        assertThat(last.get("next").isNull()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM ranking").query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void submitWithNextStoresTheJudgmentAndHandsOutNothingWhenTheProjectStoppedHandingOutWork() {
        JsonNode first = firstOfTwoRankTasks();
        jdbc.sql("UPDATE project SET status = 'PAUSED' WHERE id = ?")
                .param(project.id())
                .update();

        MvcTestResult submitted = post(submitAndNext(first), ranking(first));

        assertThat(submitted).hasStatus(HttpStatus.CREATED);
        assertThat(body(submitted).get("next").isNull()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM ranking").query(Long.class).single())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM task WHERE state = 'LEASED'")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(post("/api/v1/projects/" + project.slug() + "/tasks/next?kind=rank", null))
                .as("the claim on its own says why")
                .hasStatus(HttpStatus.CONFLICT);
    }

    @Test
    void submitWithoutNextAnswersOnlyTheJudgment() {
        JsonNode task = firstOfTwoRankTasks();

        JsonNode answer = body(post("/api/v1/tasks/" + task.get("taskId").asLong() + "/submit", ranking(task)));

        assertThat(answer.propertyNames()).containsExactly("judgmentId");
    }

    /** Two items of two candidates each; the first rank task claimed. */
    private JsonNode firstOfTwoRankTasks() {
        data.item(project, "q-1", 0, "a", "b");
        data.item(project, "q-2", 0, "a", "b");
        return body(post("/api/v1/projects/" + project.slug() + "/tasks/next?kind=rank", null));
    }

    private static String submitAndNext(JsonNode task) {
        return "/api/v1/tasks/" + task.get("taskId").asLong() + "/submit?next=true";
    }

    /** A ranking of the task's candidates in the order shown. */
    private static Map<String, Object> ranking(JsonNode task) {
        List<List<String>> tiers = new java.util.ArrayList<>();
        task.get("candidates").forEach(c -> tiers.add(List.of(c.get("id").asString())));
        return Map.of("leaseToken", task.get("leaseToken").asString(), "tiers", tiers);
    }

    @Test
    void nextAnswers204WhenNothingIsLeft() {
        assertThat(post("/api/v1/projects/" + project.slug() + "/tasks/next?kind=rank", null))
                .hasStatus(HttpStatus.NO_CONTENT);
    }

    @Test
    void unknownKindIsABadRequest() {
        assertThat(post("/api/v1/projects/" + project.slug() + "/tasks/next?kind=review", null))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void writeSubmitAnswers201ThenTheSameIdWith200() {
        data.item(project, "q-1", 0, "a", "b");
        JsonNode task = body(post("/api/v1/projects/" + project.slug() + "/tasks/next?kind=write", null));
        String submit = "/api/v1/tasks/" + task.get("taskId").asLong() + "/submit";
        Map<String, Object> demonstration = Map.of(
                "leaseToken",
                task.get("leaseToken").asString(),
                "content",
                "The **ideal** answer.",
                "basedOnCandidateId",
                "B",
                "activeSeconds",
                95);

        MvcTestResult first = post(submit, demonstration);
        MvcTestResult again = post(submit, demonstration);

        assertThat(first).hasStatus(HttpStatus.CREATED);
        assertThat(again).hasStatus(HttpStatus.OK);
        long id = body(first).get("judgmentId").asLong();
        assertThat(body(again).get("judgmentId").asLong()).isEqualTo(id);
        assertThat(jdbc.sql("""
                        SELECT d.content || '|' || c.external_id || '|' || d.active_seconds
                        FROM demonstration d JOIN candidate c ON c.id = d.based_on_candidate_id WHERE d.id = ?
                        """).param(id).query(String.class).single()).isEqualTo("The **ideal** answer.|b|95");
    }

    @Test
    void aRepeatedWriteSubmitWithOtherContentIsAConflictAndTheSameTextAnswersTheSameId() {
        data.item(project, "q-1", 0, "a", "b");
        JsonNode task = body(post("/api/v1/projects/" + project.slug() + "/tasks/next?kind=write", null));
        String submit = "/api/v1/tasks/" + task.get("taskId").asLong() + "/submit";
        String token = task.get("leaseToken").asString();
        long id = body(post(submit, Map.of("leaseToken", token, "content", "One\ntwo")))
                .get("judgmentId")
                .asLong();

        MvcTestResult same = post(submit, Map.of("leaseToken", token, "content", "One\r\ntwo", "activeSeconds", 7));
        MvcTestResult other = post(submit, Map.of("leaseToken", token, "content", "One\ntwo, and three"));

        assertThat(same).hasStatus(HttpStatus.OK);
        assertThat(body(same).get("judgmentId").asLong()).isEqualTo(id);
        assertThat(other).hasStatus(HttpStatus.CONFLICT).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = body(other);
        assertThat(problem.get("code").asString()).isEqualTo("submit-conflict");
        assertThat(problem.get("judgmentId").asLong()).isEqualTo(id);
        assertThat(jdbc.sql("SELECT content FROM demonstration")
                        .query(String.class)
                        .list())
                .containsExactly("One\ntwo");
    }

    @Test
    void aRepeatedRankSubmitIsTheSameRankingWhateverTheOrderOfTiesAndFlagsAndADifferentOneIsAConflict() {
        data.item(project, "q-1", 0, "a", "b", "c");
        JsonNode task = body(post("/api/v1/projects/" + project.slug() + "/tasks/next?kind=rank", null));
        String submit = "/api/v1/tasks/" + task.get("taskId").asLong() + "/submit";
        String token = task.get("leaseToken").asString();
        long id = body(post(
                        submit,
                        Map.of(
                                "leaseToken", token,
                                "tiers", List.of(List.of("B"), List.of("A", "C")),
                                "ratings", Map.of("A", Map.of("helpfulness", 5)),
                                "flags", Map.of("C", List.of("hallucination", "harmful")),
                                "rationale", "b answers;\nthe others do not")))
                .get("judgmentId")
                .asLong();

        MvcTestResult same = post(
                submit,
                Map.of(
                        "leaseToken", token,
                        "tiers", List.of(List.of("B"), List.of("C", "A")),
                        "ratings", Map.of("A", Map.of("helpfulness", 5)),
                        "flags", Map.of("C", List.of("harmful", "hallucination")),
                        "rationale", "b answers;\r\nthe others do not"));
        MvcTestResult otherOrder = post(
                submit,
                Map.of(
                        "leaseToken", token,
                        "tiers", List.of(List.of("A"), List.of("B", "C")),
                        "ratings", Map.of("A", Map.of("helpfulness", 5)),
                        "flags", Map.of("C", List.of("hallucination", "harmful")),
                        "rationale", "b answers;\nthe others do not"));
        MvcTestResult otherRating = post(
                submit,
                Map.of(
                        "leaseToken", token,
                        "tiers", List.of(List.of("B"), List.of("A", "C")),
                        "ratings", Map.of("A", Map.of("helpfulness", 6)),
                        "flags", Map.of("C", List.of("hallucination", "harmful")),
                        "rationale", "b answers;\nthe others do not"));

        assertThat(same).hasStatus(HttpStatus.OK);
        assertThat(body(same).get("judgmentId").asLong()).isEqualTo(id);
        assertThat(otherOrder)
                .hasStatus(HttpStatus.CONFLICT)
                .bodyJson()
                .extractingPath("$.code")
                .isEqualTo("submit-conflict");
        assertThat(otherRating).hasStatus(HttpStatus.CONFLICT);
        assertThat(jdbc.sql("SELECT rationale FROM ranking").query(String.class).list())
                .containsExactly("b answers;\nthe others do not");
    }

    @Test
    void writeSubmitChecksContentAndCandidate() {
        data.item(project, "q-1", 0, "a", "b");
        JsonNode task = body(post("/api/v1/projects/" + project.slug() + "/tasks/next?kind=write", null));
        String submit = "/api/v1/tasks/" + task.get("taskId").asLong() + "/submit";
        String token = task.get("leaseToken").asString();

        MvcTestResult blank = post(submit, Map.of("leaseToken", token, "content", "   "));
        MvcTestResult unknown = post(submit, Map.of("leaseToken", token, "content", "x", "basedOnCandidateId", "zzz"));

        assertThat(blank)
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("content");
        assertThat(unknown)
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("basedOnCandidateId");
        assertThat(jdbc.sql("SELECT count(*) FROM demonstration")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void submitFieldsOfTheWrongJsonTypeAreNamedWithWhy() {
        data.item(project, "q-1", 0, "a", "b");
        JsonNode task = body(post("/api/v1/projects/" + project.slug() + "/tasks/next?kind=write", null));
        String submit = "/api/v1/tasks/" + task.get("taskId").asLong() + "/submit";
        String token = task.get("leaseToken").asString();

        MvcTestResult basedOnNumber =
                post(submit, Map.of("leaseToken", token, "content", "x", "basedOnCandidateId", 5));
        MvcTestResult activeText = post(submit, Map.of("leaseToken", token, "content", "x", "activeSeconds", "ten"));
        MvcTestResult tokenNumber = post(submit, Map.of("leaseToken", 7, "content", "x"));

        assertThat(body(basedOnNumber).get("errors").get(0).get("field").asString())
                .isEqualTo("basedOnCandidateId");
        assertThat(body(basedOnNumber).get("errors").get(0).get("message").asString())
                .isEqualTo("must be a candidate id");
        assertThat(body(activeText).get("errors").get(0).get("field").asString())
                .isEqualTo("activeSeconds");
        assertThat(body(activeText).get("errors").get(0).get("message").asString())
                .isEqualTo("must be a whole number of seconds");
        assertThat(body(tokenNumber).get("errors").get(0).get("field").asString())
                .isEqualTo("leaseToken");
        assertThat(body(tokenNumber).get("errors").get(0).get("message").asString())
                .isEqualTo("required");
        assertThat(jdbc.sql("SELECT count(*) FROM demonstration")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void rankSubmitWithErrorsListsThemAsProblemDetails() {
        data.item(project, "q-1", 0, "a", "b", "c");
        JsonNode task = body(post("/api/v1/projects/" + project.slug() + "/tasks/next?kind=rank", null));

        MvcTestResult result = post(
                "/api/v1/tasks/" + task.get("taskId").asLong() + "/submit",
                Map.of(
                        "leaseToken", task.get("leaseToken").asString(),
                        "tiers", List.of(List.of("A", "x")),
                        "ratings", Map.of("A", Map.of("helpfulness", 9))));

        assertThat(result).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = body(result);
        assertThat(problem.get("code").asString()).isEqualTo("invalid-submission");
        assertThat(problem.get("errors").findValuesAsString("field"))
                .contains("tiers[0][1]", "tiers", "ratings.A.helpfulness");
    }

    @Test
    void heartbeatReleaseAndSkipTakeTheLeaseToken() {
        JsonNode task = firstOfTwoRankTasks();
        String base = "/api/v1/tasks/" + task.get("taskId").asLong();
        String token = task.get("leaseToken").asString();

        assertThat(post(base + "/heartbeat", Map.of("leaseToken", token)))
                .hasStatus(HttpStatus.OK)
                .bodyJson()
                .extractingPath("$.leaseExpiresAt")
                .isNotNull();
        assertThat(post(base + "/heartbeat", Map.of("leaseToken", "nope"))).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(post(base + "/skip", Map.of("leaseToken", token))).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(post(base + "/skip", Map.of("leaseToken", token, "reason", "unclear_prompt", "note", "cut off")))
                .hasStatus(HttpStatus.NO_CONTENT);

        JsonNode second = body(post("/api/v1/projects/" + project.slug() + "/tasks/next?kind=rank", null));
        assertThat(second.at("/item/externalId").asString()).isEqualTo("q-2");
        assertThat(post(
                        "/api/v1/tasks/" + second.get("taskId").asLong() + "/release",
                        Map.of("leaseToken", second.get("leaseToken").asString())))
                .hasStatus(HttpStatus.NO_CONTENT);
        assertThat(post(
                        "/api/v1/tasks/" + second.get("taskId").asLong() + "/release",
                        Map.of("leaseToken", "00000000-0000-0000-0000-000000000000")))
                .hasStatus(HttpStatus.CONFLICT)
                .bodyJson()
                .extractingPath("$.code")
                .isEqualTo("lease-not-held");
    }

    @Test
    void administratorsListAndReleaseLeases() {
        data.item(project, "q-1", 0, "a", "b");
        JsonNode task = body(post("/api/v1/projects/" + project.slug() + "/tasks/next?kind=rank", null));
        UserView admin = data.admin();
        String leases = "/api/v1/projects/" + project.slug() + "/leases";

        assertThat(mvc.get().uri(leases).header("Authorization", "Bearer " + ann.token()))
                .hasStatus(HttpStatus.FORBIDDEN);
        MvcTestResult list = mvc.get().uri(leases).with(TestData.as(admin)).exchange();
        assertThat(list).hasStatus(HttpStatus.OK);
        JsonNode lease = body(list).get(0);
        assertThat(lease.get("taskId").asLong()).isEqualTo(task.get("taskId").asLong());
        assertThat(lease.at("/holder/username").asString())
                .isEqualTo(ann.principal().getUsername());
        assertThat(lease.get("leasedAt").asString()).endsWith("Z");
        assertThat(lease.get("kind").asString()).isEqualTo("rank");

        assertThat(mvc.delete().uri(leases + "/" + task.get("taskId").asLong()).with(TestData.as(admin)))
                .hasStatus(HttpStatus.NO_CONTENT);
        assertThat(mvc.delete().uri(leases + "/" + task.get("taskId").asLong()).with(TestData.as(admin)))
                .hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void leasesPageShowsHoldersAndReleasesOne() {
        data.item(project, "q-1", 0, "a", "b");
        JsonNode task = body(post("/api/v1/projects/" + project.slug() + "/tasks/next?kind=rank", null));
        UserView admin = data.admin();
        String page = "/projects/" + project.slug() + "/leases";

        assertThat(mvc.get().uri(page).with(TestData.as(admin)))
                .hasStatusOk()
                .bodyText()
                .contains(ann.principal().getUsername())
                .contains("q-1");
        assertThat(
                        mvc.post()
                                .uri(page + "/" + task.get("taskId").asLong() + "/release")
                                .with(TestData.as(admin))
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf()))
                .hasStatus(HttpStatus.FOUND)
                .hasRedirectedUrl(page);
        assertThat(mvc.get().uri(page).with(TestData.as(admin)))
                .hasStatusOk()
                .bodyText()
                .doesNotContain(ann.principal().getUsername());

        MvcTestResult again = mvc.post()
                .uri(page + "/" + task.get("taskId").asLong() + "/release")
                .with(TestData.as(admin))
                .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf())
                .exchange();
        assertThat(RefusedPages.follow(mvc, again, page, TestData.as(admin))
                        .select(".flashes .flash-error > span")
                        .text())
                .isEqualTo("Nobody holds a lease on this task any more.");
    }

    @Test
    void leasesPageIsForAdministratorsOfVisibleProjectsOnly() {
        UserView member = data.user();
        data.member(project, member.id(), "ANNOTATOR");
        UserView stranger = data.user();

        assertThat(mvc.get().uri("/projects/" + project.slug() + "/leases").with(TestData.as(member)))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.get().uri("/projects/" + project.slug() + "/leases").with(TestData.as(stranger)))
                .hasStatus(HttpStatus.NOT_FOUND);
    }

    private MvcTestResult post(String uri, Object body) {
        var request = mvc.post().uri(uri).header("Authorization", "Bearer " + ann.token());
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).content(json.writeValueAsString(body));
        }
        return request.exchange();
    }

    private JsonNode body(MvcTestResult result) {
        try {
            return json.readTree(result.getResponse().getContentAsString());
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
