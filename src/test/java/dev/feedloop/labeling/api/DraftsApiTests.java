package dev.feedloop.labeling.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.Person;
import dev.feedloop.testsupport.TestData.TestProject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Drafts over the REST API: versions, the conflict when another client saved a newer one, LF line breaks. */
@IntegrationTest
class DraftsApiTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    Person ann;
    long taskId;
    String token;

    @BeforeEach
    void setUp() {
        TestProject project = data.project().demonstrations(1).rankings(0).create();
        ann = data.peopleWithTokens(project, 1, "LABELER").get(0);
        data.item(project, "q-1", 0, "a", "b");
        JsonNode task = body(mvc.post()
                .uri("/api/v1/projects/" + project.slug() + "/tasks/next?kind=write")
                .header("Authorization", "Bearer " + ann.token())
                .exchange());
        taskId = task.get("taskId").asLong();
        token = task.get("leaseToken").asString();
    }

    @Test
    void draftsAreSavedOverTheVersionLastSeenAndASaveOverANewerOneIsAConflict() {
        assertThat(get()).hasStatus(HttpStatus.NO_CONTENT);

        MvcTestResult first = put("First\r\nline", "B", 0);
        assertThat(first).hasStatus(HttpStatus.OK);
        assertThat(body(first).get("version").asLong()).isEqualTo(1);
        assertThat(body(first).get("content").asString()).isEqualTo("First\nline");
        assertThat(body(first).get("basedOnCandidateId").asString()).isEqualTo("B");
        assertThat(body(put("Second", "B", 1)).get("version").asLong()).isEqualTo(2);

        MvcTestResult stale = put("From another device", null, 1);

        assertThat(stale).hasStatus(HttpStatus.CONFLICT).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(body(stale).get("code").asString()).isEqualTo("draft-conflict");
        assertThat(body(stale).get("currentVersion").asLong()).isEqualTo(2);
        JsonNode stored = body(get());
        assertThat(stored.get("content").asString()).isEqualTo("Second");
        assertThat(stored.get("version").asLong()).isEqualTo(2);
        assertThat(put("From another device", null, 2)).hasStatus(HttpStatus.OK);
    }

    @Test
    void aSaveWithoutAVersionIsABadRequest() {
        assertThat(put("Text", null, null))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson()
                .extractingPath("$.errors[0].field")
                .isEqualTo("version");
    }

    private MvcTestResult get() {
        return mvc.get()
                .uri("/api/v1/tasks/{id}/draft?leaseToken={token}", taskId, token)
                .header("Authorization", "Bearer " + ann.token())
                .exchange();
    }

    private MvcTestResult put(String content, String basedOn, Integer version) {
        Map<String, Object> request = new HashMap<>();
        request.put("leaseToken", token);
        request.put("content", content);
        request.put("basedOnCandidateId", basedOn);
        request.put("version", version);
        return mvc.put()
                .uri("/api/v1/tasks/{id}/draft", taskId)
                .header("Authorization", "Bearer " + ann.token())
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(request))
                .exchange();
    }

    private JsonNode body(MvcTestResult result) {
        try {
            return json.readTree(result.getResponse().getContentAsString());
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
