package dev.feedloop.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import jakarta.servlet.http.Cookie;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * Requests of the pages' scripts whose session has ended answer 401 (so the page can keep its work
 * and say so), whether they are refused by authentication or by the CSRF check; navigations still
 * go to the login page and come back afterwards.
 */
@IntegrationTest
class SignedOutAnswersTests {

    static final String DRAFT = "/projects/some-project/write/1/draft";

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Test
    void fetchAskingForJsonWithoutASessionGets401ProblemDetailsAndNoLoginBox() {
        MvcTestResult result = mvc.get()
                .uri("/projects/some-project/write")
                .accept(MediaType.APPLICATION_JSON)
                .exchange();

        assertThat(result)
                .hasStatus(401)
                .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .doesNotContainHeader("WWW-Authenticate");
        assertThat(result).bodyJson().extractingPath("$.status").isEqualTo(401);
    }

    @Test
    void fetchWithXRequestedWithWithoutASessionGets401() {
        assertThat(mvc.get().uri("/session").header("X-Requested-With", "XMLHttpRequest"))
                .hasStatus(401);
    }

    @Test
    void htmxGetWithoutASessionGets401() {
        assertThat(mvc.get().uri("/projects/some-project/rank/1/diff").header("HX-Request", "true"))
                .hasStatus(401);
    }

    @Test
    void postsWithTheTokenOfAnEndedSessionGet401FromFetchAndHtmx() throws Exception {
        var alice = data.user();
        SignedIn page = signIn(alice.username());
        endSessionsOf(alice.username());

        MvcTestResult draft = mvc.post()
                .uri(DRAFT)
                .cookie(page.session())
                .header("X-CSRF-TOKEN", page.csrfToken())
                .accept(MediaType.APPLICATION_JSON)
                .param("content", "typed text")
                .exchange();
        assertThat(draft).hasStatus(401).hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);

        MvcTestResult preview = mvc.post()
                .uri("/projects/some-project/write/preview")
                .cookie(page.session())
                .header("X-CSRF-TOKEN", page.csrfToken())
                .header("HX-Request", "true")
                .param("content", "typed text")
                .exchange();
        assertThat(preview).hasStatus(401);
    }

    @Test
    void postsWithAWrongTokenWithoutAnySessionGet401() {
        assertThat(mvc.post().uri(DRAFT).header("X-CSRF-TOKEN", "not-a-token").accept(MediaType.APPLICATION_JSON))
                .hasStatus(401);
        assertThat(mvc.post()
                        .uri("/projects/some-project/write/preview")
                        .with(csrf().useInvalidToken())
                        .header("HX-Request", "true"))
                .hasStatus(401);
    }

    @Test
    void aSignedInUserWithAWrongTokenIsStillRefusedWith403() throws Exception {
        var alice = data.user();
        SignedIn page = signIn(alice.username());

        assertThat(mvc.post()
                        .uri(DRAFT)
                        .cookie(page.session())
                        .header("X-CSRF-TOKEN", "not-the-token")
                        .accept(MediaType.APPLICATION_JSON))
                .hasStatus(403);
    }

    @Test
    void aFormPostWithTheTokenOfAnEndedSessionIsStillRefusedWith403() throws Exception {
        var alice = data.user();
        SignedIn page = signIn(alice.username());
        endSessionsOf(alice.username());

        assertThat(mvc.post()
                        .uri("/projects/some-project/write/1")
                        .cookie(page.session())
                        .param("_csrf", page.csrfToken())
                        .accept(MediaType.TEXT_HTML))
                .hasStatus(403);
    }

    @Test
    void aNavigationAfterTheSessionEndedGoesToTheLoginPageAndBackToThePageAfterSigningIn() throws Exception {
        var alice = data.user();
        SignedIn before = signIn(alice.username());
        endSessionsOf(alice.username());

        MvcTestResult page = mvc.get()
                .uri("/projects/some-project/write")
                .cookie(before.session())
                .accept(MediaType.TEXT_HTML, MediaType.ALL)
                .exchange();
        assertThat(page).hasStatus3xxRedirection().redirectedUrl().endsWith("/login");
        Cookie[] cookies = page.getResponse().getCookies();

        MvcTestResult login = mvc.post()
                .uri("/login")
                .cookie(cookies)
                .param("username", alice.username())
                .param("password", TestData.PASSWORD)
                .with(csrf())
                .exchange();
        assertThat(login).hasStatus3xxRedirection().redirectedUrl().contains("/projects/some-project/write");
    }

    @Test
    void theSessionCheckAnswers204WhenSignedIn() {
        var alice = data.user();
        assertThat(mvc.get().uri("/session").with(TestData.as(alice)).accept(MediaType.APPLICATION_JSON))
                .hasStatus(204);
        assertThat(mvc.get().uri("/session").accept(MediaType.APPLICATION_JSON)).hasStatus(401);
    }

    private SignedIn signIn(String username) throws Exception {
        MvcTestResult login = mvc.post()
                .uri("/login")
                .param("username", username)
                .param("password", TestData.PASSWORD)
                .with(csrf())
                .exchange();
        Cookie session = login.getResponse().getCookie("SESSION");
        assertThat(session).isNotNull();
        MvcTestResult account = mvc.get().uri("/account").cookie(session).exchange();
        assertThat(account).hasStatusOk();
        Matcher token = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"")
                .matcher(account.getResponse().getContentAsString());
        assertThat(token.find()).as("CSRF token on the page").isTrue();
        return new SignedIn(session, token.group(1));
    }

    private void endSessionsOf(String username) {
        int ended = jdbc.sql("DELETE FROM spring_session WHERE principal_name = ?")
                .param(username)
                .update();
        assertThat(ended).isPositive();
    }

    record SignedIn(Cookie session, String csrfToken) {}
}
