package dev.feedloop.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.problems.Refusal;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import jakarta.servlet.http.Cookie;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

@IntegrationTest
class LoginTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    Users accounts;

    @Autowired
    JdbcClient jdbc;

    @Test
    void correctPasswordSignsInAndLandsOnHome() {
        var alice = data.user();
        MvcTestResult result = login(alice.username(), TestData.PASSWORD);
        assertThat(result).hasStatus3xxRedirection().hasRedirectedUrl("/");
        Cookie session = result.getResponse().getCookie("SESSION");
        assertThat(session).isNotNull();
        assertThat(mvc.get().uri("/").cookie(session)).hasStatusOk().bodyText().contains(alice.displayName());
    }

    @Test
    void withoutAnIdentityProviderTheLoginPageHasOnlyThePasswordForm() {
        assertThat(mvc.get().uri("/login"))
                .hasStatusOk()
                .bodyText()
                .contains("data-login-form")
                .doesNotContain("data-sso-provider", "/oauth2/authorization", "passwords are turned off");
    }

    @Test
    void pausedLoginPageNamesTheLockoutWindow() {
        assertThat(mvc.get().uri("/login?locked")).hasStatusOk().bodyText().contains("paused for 15 minutes");
    }

    @Test
    void usernameIsCaseInsensitive() {
        var alice = data.user("Alice.Smith", false);
        assertThat(login("alice.smith", TestData.PASSWORD)).hasRedirectedUrl("/");
        assertThat(alice.username()).isEqualTo("Alice.Smith");
    }

    @Test
    void wrongPasswordGivesTheGenericError() {
        var alice = data.user();
        assertThat(login(alice.username(), "wrong password!")).hasRedirectedUrl("/login?error");
        assertThat(login("nobody-here", "wrong password!")).hasRedirectedUrl("/login?error");
    }

    @Test
    void fiveFailuresPauseLoginsEvenWithTheRightPassword() {
        var alice = data.user();
        for (int i = 0; i < 5; i++) {
            assertThat(login(alice.username(), "wrong password " + i)).hasRedirectedUrl("/login?error");
        }
        assertThat(login(alice.username(), TestData.PASSWORD)).hasRedirectedUrl("/login?locked");
        // other accounts are not affected
        var bob = data.user();
        assertThat(login(bob.username(), TestData.PASSWORD)).hasRedirectedUrl("/");
    }

    @Test
    void lockoutCoversEveryWayOfTypingTheUsername() {
        data.user("multi", false);
        for (int i = 0; i < 5; i++) {
            assertThat(login("multi", "wrong password " + i)).hasRedirectedUrl("/login?error");
        }
        // U+0130 (capital I with dot), upper case, full-width letters and spaces all name the same user
        for (String typed : List.of("multi", "mult\u0130", "MULTI", " Multi ", "\uFF4D\uFF55\uFF4C\uFF54\uFF49")) {
            assertThat(login(typed, TestData.PASSWORD)).as(typed).hasRedirectedUrl("/login?locked");
        }
    }

    @Test
    void failuresUnderAnyFormOfTheUsernameCountTogether() {
        data.user("multi", false);
        login("mult\u0130", "wrong password 1");
        login("MULTI", "wrong password 2");
        login("Mult\u0130", "wrong password 3");
        login("\uFF4D\uFF55\uFF4C\uFF54\uFF49", "wrong password 4");
        login("multi", "wrong password 5");
        assertThat(login("multi", TestData.PASSWORD)).hasRedirectedUrl("/login?locked");
    }

    @Test
    void aUsernameTypedWithUnicodeVariantsSignsInAsThatUser() {
        var multi = data.user("multi", false);
        MvcTestResult result = login("MULT\u0130", TestData.PASSWORD);
        assertThat(result).hasRedirectedUrl("/");
        assertThat(mvc.get().uri("/").cookie(result.getResponse().getCookie("SESSION")))
                .bodyText()
                .contains(multi.displayName());
    }

    @Test
    void usernamesDifferingOnlyInCaseCannotBothExist() {
        data.user("multi", false);
        assertThatThrownBy(() -> data.user("MULTI", false))
                .isInstanceOf(Refusal.class)
                .extracting(e -> ((Refusal) e).messageCode())
                .isEqualTo("users.error.taken");
        assertThatThrownBy(() -> jdbc.sql(
                                "INSERT INTO app_user (username, display_name, password_hash) VALUES ('MuLtI', 'x', 'x')")
                        .update())
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void unknownUsernamesAreThrottledExactlyLikeRealOnes() {
        for (int i = 0; i < 5; i++) {
            login("ghost", "wrong password " + i);
        }
        assertThat(login("ghost", "anything at all")).hasRedirectedUrl("/login?locked");
    }

    @Test
    void successfulLoginResetsTheFailureCount() {
        var alice = data.user();
        for (int i = 0; i < 4; i++) {
            login(alice.username(), "wrong password " + i);
        }
        assertThat(login(alice.username(), TestData.PASSWORD)).hasRedirectedUrl("/");
        for (int i = 0; i < 4; i++) {
            login(alice.username(), "wrong password " + i);
        }
        assertThat(login(alice.username(), TestData.PASSWORD)).hasRedirectedUrl("/");
    }

    @Test
    void disabledAccountCannotSignIn() {
        var alice = data.user();
        accounts.setEnabled(alice.id(), false);
        assertThat(login(alice.username(), TestData.PASSWORD)).hasRedirectedUrl("/login?error");
    }

    @Test
    void formPostWithoutCsrfTokenIsRefused() {
        var alice = data.user();
        assertThat(mvc.post().uri("/login").param("username", alice.username()).param("password", TestData.PASSWORD))
                .hasStatus(403);
        assertThat(mvc.post().uri("/account/tokens").with(TestData.as(alice)).param("name", "x"))
                .hasStatus(403);
    }

    @Test
    void theSessionAfterLoginIsNeverOneTheBrowserBrought() {
        var alice = data.user();
        Cookie before = new Cookie("SESSION", "NmM0ZjVkYzMtMmI0Ny00YzA0LWE0ZTMtODM5ZjY4N2M0ZGQ1");
        MvcTestResult result = mvc.post()
                .uri("/login")
                .cookie(before)
                .param("username", alice.username())
                .param("password", TestData.PASSWORD)
                .with(csrf())
                .exchange();
        assertThat(result).hasRedirectedUrl("/");
        Cookie after = result.getResponse().getCookie("SESSION");
        assertThat(after).isNotNull();
        assertThat(after.getValue()).isNotEqualTo(before.getValue());
    }

    @Test
    void loginPageIsServedWithStrictSecurityHeaders() {
        MvcTestResult result = mvc.get().uri("/login").exchange();
        assertThat(result).hasStatusOk().bodyText().contains("name=\"_csrf\"");
        String csp = result.getResponse().getHeader("Content-Security-Policy");
        assertThat(csp)
                .contains("script-src 'self'")
                .doesNotContain("unsafe-inline")
                .contains("frame-ancestors 'none'");
        assertThat(result.getResponse().getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(result.getResponse().getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void pagesRedirectAnonymousVisitorsToLogin() {
        assertThat(mvc.get().uri("/")).hasStatus3xxRedirection().redirectedUrl().endsWith("/login");
    }

    @Test
    void htmxRequestsWithoutSessionAskForAReloadInsteadOfARedirect() {
        MvcTestResult result =
                mvc.get().uri("/account").header("HX-Request", "true").exchange();
        assertThat(result).hasStatus(401).hasHeader("HX-Refresh", "true");
    }

    private MvcTestResult login(String username, String password) {
        return mvc.post()
                .uri("/login")
                .param("username", username)
                .param("password", password)
                .with(csrf())
                .exchange();
    }
}
