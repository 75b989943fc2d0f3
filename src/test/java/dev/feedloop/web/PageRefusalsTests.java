package dev.feedloop.web;

import static dev.feedloop.web.RealHttp.enc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.net.http.HttpResponse;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Refused page requests over real HTTP, with the session in PostgreSQL: back to the form with the
 * message and what was typed (never a password), and the status pages for 403 and 404.
 */
@IntegrationTest
class PageRefusalsTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvcTester mvc;

    @Test
    void aRefusedFormComesBackThroughTheStoredSessionWithWhatWasTypedButNotThePassword() throws Exception {
        UserView admin = data.admin();
        data.user("taken-name", false);
        String cookie = RealHttp.login(port, admin.username(), TestData.PASSWORD);
        String csrf = RealHttp.csrf(port, "/admin/users/new", cookie);

        HttpResponse<String> refused = RealHttp.post(
                port,
                "/admin/users",
                cookie,
                "username=taken-name&displayName=" + enc("Tina Typed") + "&password=" + enc("secret typed once")
                        + "&_csrf=" + enc(csrf));

        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/admin/users/new"));
        assertThat(sessionsHolding("Tina Typed"))
                .as("the kept name waits in the session")
                .isOne();
        assertThat(sessionsHolding("secret typed once")).isZero();
        HttpResponse<String> page = RealHttp.get(port, "/admin/users/new", cookie);
        assertThat(page.statusCode()).isEqualTo(200);
        Document form = Jsoup.parse(page.body());
        assertThat(form.select("#username-error").text()).isEqualTo("This username is taken.");
        assertThat(form.select("input[name=username]").val()).isEqualTo("taken-name");
        assertThat(form.select("input[name=displayName]").val()).isEqualTo("Tina Typed");
        assertThat(page.body()).doesNotContain("secret typed once");

        Document later =
                Jsoup.parse(RealHttp.get(port, "/admin/users/new", cookie).body());
        assertThat(later.select(".field-error")).as("the message is shown once").isEmpty();
        assertThat(later.select("input[name=username]").val()).isEmpty();
    }

    @Test
    void aRefusedReviewGoesBackToTheReviewWithTheReason() throws Exception {
        TestProject project = reviewProject();
        UserView reviewer = data.user();
        data.member(project, reviewer, "REVIEWER");
        long demonstration = demonstration(project);
        String cookie = RealHttp.login(port, reviewer.username(), TestData.PASSWORD);
        String csrf = RealHttp.csrf(port, "/projects/" + project.slug() + "/review", cookie);

        HttpResponse<String> refused = RealHttp.post(
                port,
                "/projects/" + project.slug() + "/review/" + demonstration + "/reject",
                cookie,
                "comment=&_csrf=" + enc(csrf));

        assertThat(refused.statusCode()).isEqualTo(302);
        HttpResponse<String> page = RealHttp.get(port, "/projects/" + project.slug() + "/review", cookie);
        assertThat(Jsoup.parse(page.body())
                        .select(".flashes .flash-error > span")
                        .text())
                .isEqualTo("Say why you reject it: the comment is required.");
    }

    @Test
    void aForbiddenRefusalOfAPageShowsTheForbiddenStatusPage() throws Exception {
        TestProject project = reviewProject();
        long demonstration = demonstration(project);
        UserView labelerOnly = data.user();
        data.member(project, labelerOnly, "LABELER");
        String cookie = RealHttp.login(port, labelerOnly.username(), TestData.PASSWORD);
        String csrf = RealHttp.csrf(port, "/projects/" + project.slug() + "/write", cookie);

        HttpResponse<String> refused = RealHttp.post(
                port,
                "/projects/" + project.slug() + "/review/" + demonstration + "/approve",
                cookie,
                "_csrf=" + enc(csrf));

        assertThat(refused.statusCode()).isEqualTo(403);
        Document page = Jsoup.parse(refused.body());
        assertThat(page.select("h1").text()).isEqualTo("Access denied");
        assertThat(page.select(".flashes .flash-error")).isEmpty();
    }

    @Test
    void aNotFoundRefusalOfAPageShowsTheNotFoundStatusPage() throws Exception {
        UserView admin = data.admin();
        String cookie = RealHttp.login(port, admin.username(), TestData.PASSWORD);
        String csrf = RealHttp.csrf(port, "/admin/users/new", cookie);

        HttpResponse<String> refused =
                RealHttp.post(port, "/projects/no-such-project/guidelines", cookie, "content=x&_csrf=" + enc(csrf));

        assertThat(refused.statusCode()).isEqualTo(404);
        Document page = Jsoup.parse(refused.body());
        assertThat(page.select("h1").text()).isEqualTo("Not found");
        assertThat(page.select(".error-page p").eachText()).contains("There is nothing here, or you cannot see it.");
    }

    private long sessionsHolding(String text) {
        return jdbc.sql("""
                        SELECT count(*) FROM spring_session_attributes
                        WHERE position(convert_to(?, 'UTF8') IN attribute_bytes) > 0
                        """).param(text).query(Long.class).single();
    }

    private TestProject reviewProject() {
        TestProject project = data.project().rankings(0).demonstrations(1).create();
        data.itemAsking(project, "Write a list", "m", "a list");
        return project;
    }

    /** A demonstration waiting for review, written on the write page by a labeler of the project. */
    private long demonstration(TestProject project) {
        UserView author = data.user();
        data.member(project, author, "LABELER");
        assertThat(mvc.get().uri("/projects/{slug}/write", project.slug()).with(TestData.as(author)))
                .hasStatusOk();
        var lease = jdbc.sql("SELECT id, lease_token::text FROM task WHERE assignee_id = ? AND state = 'LEASED'")
                .param(author.id())
                .query((rs, n) -> Map.entry(rs.getLong(1), rs.getString(2)))
                .single();
        assertThat(mvc.post()
                        .uri("/projects/{slug}/write/{id}", project.slug(), lease.getKey())
                        .with(TestData.as(author))
                        .with(csrf())
                        .param("leaseToken", lease.getValue())
                        .param("content", "An answer to review, long enough not to ask for a confirmation."))
                .hasRedirectedUrl("/projects/" + project.slug() + "/write");
        return jdbc.sql("SELECT id FROM demonstration WHERE task_id = ?")
                .param(lease.getKey())
                .query(Long.class)
                .single();
    }
}
