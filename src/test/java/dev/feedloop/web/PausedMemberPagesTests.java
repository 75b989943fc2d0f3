package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.projects.Members;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import tools.jackson.databind.json.JsonMapper;

/**
 * A paused member is told why on the rank and write pages and in the API; administrators see who
 * is paused and why on the members page and reinstate them there or through the API; the gold
 * settings are on the project's settings form and in its JSON.
 */
@IntegrationTest
class PausedMemberPagesTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    MockMvcTester mvc;

    @Autowired
    Members members;

    void pauseForGold(TestProject project, UserView person) {
        members.pauseForGold(project.id(), person.id(), 0.25, 12);
    }

    @Test
    void aPausedAnnotatorIsToldWhyOnTheRankPageAndInTheApi() throws Exception {
        UserView annotator = data.user();
        TestProject project = data.project().demonstrations(1).create();
        data.member(project, annotator, "ANNOTATOR", "LABELER");
        data.item(project, "one", 0, "a", "b");
        pauseForGold(project, annotator);

        String cookie = RealHttp.login(port, annotator.username(), TestData.PASSWORD);
        for (String page : new String[] {"/rank", "/write"}) {
            var response = RealHttp.get(port, "/projects/" + project.slug() + page, cookie);
            assertThat(response.statusCode()).isEqualTo(409);
            assertThat(response.body())
                    .contains("You are paused in this project, so it hands out no new tasks to you.")
                    .contains("ask an administrator of the project to reinstate you");
        }

        String basic = Base64.getEncoder()
                .encodeToString((annotator.username() + ":" + TestData.PASSWORD).getBytes(StandardCharsets.UTF_8));
        var api = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(RealHttp.uri(
                                        port, "/api/v1/projects/" + project.slug() + "/tasks/next?kind=rank"))
                                .header("Authorization", "Basic " + basic)
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(409);
        var problem = json.readTree(api.body());
        assertThat(problem.get("code").asString()).isEqualTo("member-paused");
        assertThat(problem.get("detail").asString())
                .contains("You are paused in project '" + project.slug() + "'")
                .contains("gold accuracy below the threshold");
    }

    @Test
    void theMembersPageShowsWhyAndReinstatesAndPausesByHand() throws Exception {
        UserView admin = data.admin();
        UserView annotator = data.user();
        TestProject project = data.project().create();
        data.member(project, annotator, "ANNOTATOR");
        pauseForGold(project, annotator);

        Document page = Jsoup.parse(mvc.get()
                .uri("/projects/" + project.slug() + "/members")
                .with(TestData.as(admin))
                .exchange()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(page.select("[data-paused]").text())
                .contains("paused")
                .contains("Gold accuracy 25 % over 12 gold judgments");
        String reinstate = "/projects/" + project.slug() + "/members/" + annotator.username() + "/reinstate";
        assertThat(page.select("form[action=" + reinstate + "] button").text()).isEqualTo("Reinstate");

        assertThat(mvc.post().uri(reinstate).with(TestData.as(admin)).with(csrf()))
                .hasStatus3xxRedirection()
                .hasRedirectedUrl("/projects/" + project.slug() + "/members");
        assertThat(paused(project, annotator)).isFalse();

        assertThat(mvc.post()
                        .uri("/projects/" + project.slug() + "/members/" + annotator.username() + "/pause")
                        .with(TestData.as(admin))
                        .with(csrf()))
                .hasStatus3xxRedirection();
        assertThat(paused(project, annotator)).isTrue();
        assertThat(mvc.post().uri(reinstate).with(TestData.as(annotator)).with(csrf()))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(paused(project, annotator)).isTrue();
    }

    @Test
    void administratorsSeeAndReinstatePausedMembersThroughTheApi() {
        UserView admin = data.admin();
        UserView annotator = data.user();
        TestProject project = data.project().create();
        data.member(project, annotator, "ANNOTATOR");
        pauseForGold(project, annotator);

        assertThat(mvc.get()
                        .uri("/api/v1/projects/" + project.slug() + "/members")
                        .with(TestData.as(admin)))
                .bodyJson()
                .extractingPath("$[0].pause.accuracy")
                .isEqualTo(0.25);
        String reinstate = "/api/v1/projects/" + project.slug() + "/members/" + annotator.username() + "/reinstate";
        assertThat(mvc.post().uri(reinstate).with(TestData.as(annotator))).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.post().uri(reinstate).with(TestData.as(admin)))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.paused")
                .isEqualTo(false);
        assertThat(paused(project, annotator)).isFalse();
        assertThat(mvc.post()
                        .uri("/api/v1/projects/" + project.slug() + "/members/" + annotator.username() + "/pause")
                        .with(TestData.as(admin)))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.pause.reason")
                .isEqualTo("MANUAL");
        assertThat(paused(project, annotator)).isTrue();
        assertThat(mvc.post()
                        .uri("/api/v1/projects/" + project.slug() + "/members/nobody/reinstate")
                        .with(TestData.as(admin)))
                .hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void goldSettingsAreOnTheSettingsFormAndInTheApi() throws Exception {
        UserView admin = data.admin();
        TestProject project = data.project().create();

        Document form = Jsoup.parse(mvc.get()
                .uri("/projects/" + project.slug() + "/settings")
                .with(TestData.as(admin))
                .exchange()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(form.select("input[name=goldRate]").val()).isEqualTo("20");
        assertThat(form.select("input[name=goldMinJudgments]").val()).isEqualTo("10");
        assertThat(form.select("input[name=goldThreshold]").val()).isEqualTo("70");

        assertThat(mvc.put()
                        .uri("/api/v1/projects/" + project.slug())
                        .with(TestData.as(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"goldRate\": 3, \"goldThreshold\": 80}"))
                .hasStatusOk()
                .bodyJson()
                .extractingPath("$.goldRate")
                .isEqualTo(3);
        assertThat(jdbc.sql(
                                "SELECT gold_rate || '/' || gold_min_judgments || '/' || gold_threshold FROM project WHERE id = ?")
                        .param(project.id())
                        .query(String.class)
                        .single())
                .isEqualTo("3/10/80");
        assertThat(mvc.put()
                        .uri("/api/v1/projects/" + project.slug())
                        .with(TestData.as(admin))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"goldThreshold\": 101}"))
                .hasStatus(HttpStatus.BAD_REQUEST);
    }

    private boolean paused(TestProject project, UserView person) {
        return jdbc.sql("SELECT paused_at IS NOT NULL FROM project_member WHERE project_id = ? AND user_id = ?")
                .params(project.id(), person.id())
                .query(Boolean.class)
                .single();
    }
}
