package dev.feedloop.accounts;

import static dev.feedloop.accounts.ApiAuthenticationTests.basic;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Open sessions follow the account: role changes and disabling apply to the next request, and a
 * password change ends the person's other sessions. Every session here is a real one, made by the
 * login form and kept in the database.
 */
@IntegrationTest
class OpenSessionsTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    Users accounts;

    @Autowired
    UserRepository repository;

    @Autowired
    PasswordEncoder encoder;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Test
    void aDemotedAdministratorLosesTheAdminPagesInTheOpenSessionAtOnce() {
        var alice = data.admin();
        var bob = data.admin();
        Cookie aliceSession = signIn(alice.username(), TestData.PASSWORD);
        Cookie bobSession = signIn(bob.username(), TestData.PASSWORD);
        assertThat(mvc.get().uri("/admin/users").cookie(bobSession)).hasStatusOk();

        assertThat(mvc.post()
                        .uri("/admin/users/" + bob.id())
                        .cookie(aliceSession)
                        .with(csrf())
                        .param("displayName", bob.displayName()))
                .hasRedirectedUrl("/admin/users/" + bob.id());
        assertThat(accounts.get(bob.id()).admin()).isFalse();

        assertThat(mvc.get().uri("/admin/users").cookie(bobSession)).hasStatus(403);
        assertThat(mvc.get().uri("/admin/users/" + alice.id()).cookie(bobSession))
                .hasStatus(403);
        assertThat(mvc.get().uri("/").cookie(bobSession))
                .hasStatusOk()
                .bodyText()
                .doesNotContain("/admin/users");
    }

    @Test
    void aDemotedAdministratorCannotPromoteItselfAgainByPageOrApi() {
        var alice = data.admin();
        var bob = data.admin();
        Cookie bobSession = signIn(bob.username(), TestData.PASSWORD);
        accounts.update(bob.id(), bob.displayName(), false);

        assertThat(mvc.post()
                        .uri("/admin/users/" + bob.id())
                        .cookie(bobSession)
                        .with(csrf())
                        .param("displayName", bob.displayName())
                        .param("admin", "true"))
                .hasStatus(403);
        assertThat(mvc.post()
                        .uri("/api/v1/users")
                        .header("Authorization", basic(bob.username(), TestData.PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"username":"bobs-admin","password":"a long enough secret","admin":true}
                                """))
                .hasStatus(403);
        assertThat(accounts.get(bob.id()).admin()).isFalse();
        assertThat(accounts.findByUsername("bobs-admin")).isEmpty();
        assertThat(accounts.get(alice.id()).admin()).isTrue();
    }

    @Test
    void aDemotedAdministratorNoLongerSeesProjectsItIsNotAMemberOf() {
        data.admin();
        var bob = data.admin();
        var project = data.project().create();
        Cookie bobSession = signIn(bob.username(), TestData.PASSWORD);
        assertThat(mvc.get().uri("/projects/" + project.slug()).cookie(bobSession))
                .hasStatusOk();
        accounts.update(bob.id(), bob.displayName(), false);
        assertThat(mvc.get().uri("/projects/" + project.slug()).cookie(bobSession))
                .hasStatus(404);
    }

    @Test
    void aPromotionAppliesToTheOpenSessionAtOnce() {
        var carol = data.user();
        Cookie carolSession = signIn(carol.username(), TestData.PASSWORD);
        assertThat(mvc.get().uri("/admin/users").cookie(carolSession)).hasStatus(403);
        accounts.update(carol.id(), carol.displayName(), true);
        assertThat(mvc.get().uri("/admin/users").cookie(carolSession)).hasStatusOk();
    }

    @Test
    void theOpenSessionOfADisabledAccountEndsOnItsNextRequest() {
        var carol = data.user();
        Cookie carolSession = signIn(carol.username(), TestData.PASSWORD);
        assertThat(mvc.get().uri("/account").cookie(carolSession)).hasStatusOk();
        // Disabled behind the server's back (the admin page also deletes the sessions).
        jdbc.sql("UPDATE app_user SET enabled = false WHERE id = ?")
                .param(carol.id())
                .update();
        assertThat(mvc.get().uri("/account").cookie(carolSession))
                .hasStatus3xxRedirection()
                .redirectedUrl()
                .endsWith("/login");
        assertThat(sessionsOf(carol.username())).isZero();
    }

    @Test
    void changingTheOwnPasswordEndsTheOtherSessionsAndKeepsThisOne() {
        var dave = data.user();
        Cookie laptop = signIn(dave.username(), TestData.PASSWORD);
        Cookie phone = signIn(dave.username(), TestData.PASSWORD);
        assertThat(sessionsOf(dave.username())).isEqualTo(2);

        assertThat(changePassword(laptop, TestData.PASSWORD, "another long secret"))
                .hasRedirectedUrl("/account");

        assertThat(mvc.get().uri("/account").cookie(laptop)).hasStatusOk();
        assertThat(mvc.get().uri("/account").cookie(phone))
                .hasStatus3xxRedirection()
                .redirectedUrl()
                .endsWith("/login");
        assertThat(sessionsOf(dave.username())).isEqualTo(1);
        assertThat(encoder.matches(
                        "another long secret",
                        repository.findById(dave.id()).orElseThrow().getPasswordHash()))
                .isTrue();
    }

    @Test
    void wrongCurrentPasswordsArePausedLikeFailedLogins() {
        var dave = data.user();
        Cookie session = signIn(dave.username(), TestData.PASSWORD);
        for (int i = 0; i < 5; i++) {
            assertThat(refusedPasswordChange(session, "guess number " + i, "another long secret"))
                    .hasStatusOk()
                    .bodyText()
                    .contains("The current password is not correct.");
        }
        // Even the right password is not checked now, and the answer is that of a paused login.
        assertThat(refusedPasswordChange(session, TestData.PASSWORD, "another long secret"))
                .hasStatusOk()
                .bodyText()
                .contains("Too many failed attempts. Sign-in for this username is paused for 15 minutes.");
        assertThat(encoder.matches(
                        TestData.PASSWORD,
                        repository.findById(dave.id()).orElseThrow().getPasswordHash()))
                .isTrue();
        // the same counter as the login form's
        assertThat(login(dave.username(), TestData.PASSWORD)).hasRedirectedUrl("/login?locked");
    }

    @Test
    void failedLoginsAlsoPauseThePasswordChange() {
        var dave = data.user();
        Cookie session = signIn(dave.username(), TestData.PASSWORD);
        for (int i = 0; i < 5; i++) {
            login(dave.username(), "wrong password " + i);
        }
        assertThat(refusedPasswordChange(session, TestData.PASSWORD, "another long secret"))
                .bodyText()
                .contains("Too many failed attempts.");
    }

    private MvcTestResult changePassword(Cookie session, String current, String newPassword) {
        return mvc.post()
                .uri("/account/password")
                .cookie(session)
                .with(csrf())
                .param("currentPassword", current)
                .param("newPassword", newPassword)
                .param("confirmPassword", newPassword)
                .exchange();
    }

    /** A refused change goes back to the account page (Post/Redirect/Get): that page, with the same session. */
    private MvcTestResult refusedPasswordChange(Cookie session, String current, String newPassword) {
        MvcTestResult refused = changePassword(session, current, newPassword);
        assertThat(refused).hasRedirectedUrl("/account");
        return mvc.get().uri("/account").cookie(session).exchange();
    }

    private Cookie signIn(String username, String password) {
        MvcTestResult result = login(username, password);
        assertThat(result).hasRedirectedUrl("/");
        Cookie session = result.getResponse().getCookie("SESSION");
        assertThat(session).isNotNull();
        return session;
    }

    private MvcTestResult login(String username, String password) {
        return mvc.post()
                .uri("/login")
                .param("username", username)
                .param("password", password)
                .with(csrf())
                .exchange();
    }

    private int sessionsOf(String username) {
        return jdbc.sql("SELECT count(*) FROM spring_session WHERE principal_name = ?")
                .param(username)
                .query(Integer.class)
                .single();
    }
}
