package dev.feedloop.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.nio.charset.StandardCharsets;
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

/** The feedback page (filters, counts, paging) and the intake tokens and options page. */
@IntegrationTest
class FeedbackPagesTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestData data;

    @Autowired
    IntakeTokens intakeTokens;

    UserView admin;
    TestProject project;
    String token;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        project = data.project().demonstrations(1).rankings(0).create();
        token = intakeTokens
                .create(project.slug(), "production", TestData.principal(admin))
                .token();
    }

    void batch(String lines) {
        assertThat(mvc.post()
                        .uri("/api/v1/projects/" + project.slug() + "/feedback/batch")
                        .header("Authorization", "Bearer " + token)
                        .contentType("application/x-ndjson")
                        .content(lines))
                .hasStatusOk();
    }

    Document page(UserView who, String uri) throws Exception {
        MvcTestResult result = mvc.get().uri(uri).with(TestData.as(who)).exchange();
        assertThat(result).hasStatusOk();
        return Jsoup.parse(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    List<String> traces(Document page) {
        return page.select("[data-feedback] tbody tr").eachAttr("data-trace-id");
    }

    @Test
    void theListFiltersByStateRatingModelAndTagWithCountsOnTop() throws Exception {
        batch(String.join(
                "\n",
                FeedbackIntakeTests.feedback("down-1", "down"),
                FeedbackIntakeTests.feedback("up-1", "up").replace("\"dates\", ", ""),
                FeedbackIntakeTests.feedback("score-2", 2).replace("gpt-prod", "gpt-next")));
        String base = "/projects/" + project.slug() + "/feedback";

        Document all = page(admin, base);
        assertThat(traces(all)).containsExactly("score-2", "up-1", "down-1");
        assertThat(all.select("[data-feedback-counts] li strong").eachText())
                .containsExactly("3", "2", "2", "0", "0", "0", "1");
        assertThat(traces(page(admin, base + "?state=task_open"))).containsExactly("score-2", "down-1");
        assertThat(traces(page(admin, base + "?state=received"))).containsExactly("up-1");
        assertThat(traces(page(admin, base + "?rating=up"))).containsExactly("up-1");
        assertThat(traces(page(admin, base + "?rating=score"))).containsExactly("score-2");
        assertThat(traces(page(admin, base + "?model=gpt-next"))).containsExactly("score-2");
        assertThat(traces(page(admin, base + "?tag=dates"))).containsExactly("score-2", "down-1");
        assertThat(all.select("#feedback-model option").eachAttr("value")).containsExactly("", "gpt-next", "gpt-prod");
        assertThat(mvc.get().uri(base + "?state=lost").with(TestData.as(admin))).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void theListIsPagedNewestFirst() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 55; i++) {
            lines.add(FeedbackIntakeTests.feedback("t-" + i, "up"));
        }
        batch(String.join("\n", lines));

        Document first = page(admin, "/projects/" + project.slug() + "/feedback?rating=up");
        assertThat(traces(first)).hasSize(50).startsWith("t-55").endsWith("t-6");
        String older = first.select("nav.pager a[rel=next]").attr("href");
        assertThat(older).contains("rating=up").contains("after=");

        Document second = page(admin, older);
        assertThat(traces(second)).containsExactly("t-5", "t-4", "t-3", "t-2", "t-1");
        assertThat(second.select("nav.pager a[rel=next]")).isEmpty();
    }

    @Test
    void reviewersReadTheFeedbackAndOthersDoNot() throws Exception {
        UserView reviewer = data.user();
        UserView labeler = data.user();
        data.member(project, reviewer, "REVIEWER");
        data.member(project, labeler, "LABELER");
        batch(FeedbackIntakeTests.feedback("down-1", "down"));

        assertThat(traces(page(reviewer, "/projects/" + project.slug() + "/feedback")))
                .containsExactly("down-1");
        assertThat(mvc.get().uri("/projects/" + project.slug() + "/feedback").with(TestData.as(labeler)))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.get()
                        .uri("/projects/" + project.slug() + "/feedback/tokens")
                        .with(TestData.as(reviewer)))
                .hasStatus(HttpStatus.FORBIDDEN);
    }

    @Test
    void aTokenMadeOnThePageIsShownOnceAndCanBeRevoked() throws Exception {
        String tokens = "/projects/" + project.slug() + "/feedback/tokens";
        MvcTestResult created = mvc.post()
                .uri(tokens)
                .with(TestData.as(admin))
                .with(csrf())
                .param("name", "staging")
                .exchange();
        assertThat(created).hasStatus(HttpStatus.FOUND).hasRedirectedUrl(tokens);
        String secret = (String) created.getMvcResult().getFlashMap().get("createdToken");
        assertThat(secret).startsWith("flf_");
        long id = jdbc.sql("SELECT id FROM feedback_token WHERE prefix = ?")
                .param(secret.substring(0, 12))
                .query(Long.class)
                .single();

        MvcTestResult shown = mvc.get()
                .uri(tokens)
                .with(TestData.as(admin))
                .cookie(created.getResponse().getCookies())
                .exchange();
        Document once = Jsoup.parse(shown.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(once.select("[data-created-token] .token-secret").text()).isEqualTo(secret);
        Document again = page(admin, tokens);
        assertThat(again.select("[data-created-token]")).isEmpty();
        assertThat(again.html()).doesNotContain(secret);
        assertThat(again.select("[data-intake-tokens] tbody tr")).hasSize(2);

        assertThat(mvc.post()
                        .uri(tokens + "/" + id + "/revoke")
                        .with(TestData.as(admin))
                        .with(csrf()))
                .hasStatus(HttpStatus.FOUND);
        assertThat(mvc.post()
                        .uri("/api/v1/projects/" + project.slug() + "/feedback")
                        .header("Authorization", "Bearer " + secret)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(FeedbackIntakeTests.feedback("t-1", "down")))
                .hasStatus(HttpStatus.UNAUTHORIZED);
        assertThat(page(admin, tokens)
                        .select("[data-token-id=" + id + "] .badge")
                        .text())
                .isEqualTo("revoked");
    }

    @Test
    void theOptionsAreSavedAndABadThresholdIsRefusedWithTheTypedValueKept() throws Exception {
        String settings = "/projects/" + project.slug() + "/feedback/settings";
        assertThat(mvc.post()
                        .uri(settings)
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("upThreshold", "3,5")
                        .param("taskAlways", "true"))
                .hasStatus(HttpStatus.FOUND);
        assertThat(jdbc.sql(
                                "SELECT up_threshold::text || ' ' || task_always FROM feedback_settings WHERE project_id = ?")
                        .param(project.id())
                        .query(String.class)
                        .single())
                .isEqualTo("3.50 true");

        MvcTestResult refused = mvc.post()
                .uri(settings)
                .with(TestData.as(admin))
                .with(csrf())
                .param("upThreshold", "seven")
                .exchange();
        assertThat(refused).hasStatus(HttpStatus.FOUND).flash().containsEntry("flashError", "feedback.error.parameter");
        Document page = page(admin, "/projects/" + project.slug() + "/feedback/tokens");
        assertThat(page.select("#up-threshold").val()).isEqualTo("3.5");
        assertThat(page.select("input[name=taskAlways]").hasAttr("checked")).isTrue();
    }
}
