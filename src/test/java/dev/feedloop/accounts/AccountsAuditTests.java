package dev.feedloop.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.audit.AuditAction;
import dev.feedloop.testsupport.AuditEntries;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Sign-ins, accounts and personal API tokens in the audit log. */
@IntegrationTest
class AccountsAuditTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApiTokens tokens;

    @Test
    void signInFailedSignInAndSignOutAreRecordedWithAddressAndRequestId() {
        var alice = data.user("alice", false);
        assertThat(login("alice", "a wrong password", "req-failed-1")).hasRedirectedUrl("/login?error");
        assertThat(login("nobody", "another wrong one", null)).hasRedirectedUrl("/login?error");
        MvcTestResult signedIn = login("alice", TestData.PASSWORD, "req-signin-1");
        assertThat(signedIn).hasRedirectedUrl("/");

        var failures = AuditEntries.of(jdbc, AuditAction.SIGN_IN_FAILED);
        assertThat(failures).hasSize(2);
        assertThat(failures.get(0).actorName()).isEqualTo("alice");
        assertThat(failures.get(0).actorId()).isNull();
        assertThat(failures.get(0).target()).isEqualTo("user:alice");
        assertThat(failures.get(0).details()).contains("\"reason\": \"bad_credentials\"", "\"channel\": \"page\"");
        assertThat(failures.get(0).ip()).isEqualTo("127.0.0.1");
        assertThat(failures.get(0).requestId()).isEqualTo("req-failed-1");
        assertThat(failures.get(1).actorName()).isEqualTo("nobody");

        var signIn = AuditEntries.one(jdbc, AuditAction.SIGNED_IN);
        assertThat(signIn.actorId()).isEqualTo(alice.id());
        assertThat(signIn.actorName()).isEqualTo("alice");
        assertThat(signIn.requestId()).isEqualTo("req-signin-1");

        Cookie session = signedIn.getResponse().getCookie("SESSION");
        assertThat(mvc.post().uri("/logout").cookie(session).with(csrf())).hasRedirectedUrl("/login?logout");
        assertThat(AuditEntries.one(jdbc, AuditAction.SIGNED_OUT).actorId()).isEqualTo(alice.id());
        assertThat(AuditEntries.everything(jdbc)).doesNotContain(TestData.PASSWORD, "a wrong password");
    }

    @Test
    void usingTheApiWithAPasswordOrATokenIsNoSignInButAWrongPasswordIsAFailure() {
        var bob = data.user("bob", false);
        String token = tokens.create(bob.id(), "cli").token();
        assertThat(mvc.get().uri("/api/v1/users/me").header("Authorization", TestData.basic("bob", TestData.PASSWORD)))
                .hasStatusOk();
        assertThat(mvc.get().uri("/api/v1/users/me").header("Authorization", "Bearer " + token))
                .hasStatusOk();
        assertThat(AuditEntries.of(jdbc, AuditAction.SIGNED_IN)).isEmpty();

        assertThat(mvc.get().uri("/api/v1/users/me").header("Authorization", TestData.basic("bob", "not the password")))
                .hasStatus(401);
        var failure = AuditEntries.one(jdbc, AuditAction.SIGN_IN_FAILED);
        assertThat(failure.actorName()).isEqualTo("bob");
        assertThat(failure.details()).contains("\"channel\": \"api\"");
    }

    @Test
    void anAdminsChangesToAccountsNameTheAdminAndTheAccount() {
        var admin = data.admin();
        assertThat(mvc.post()
                        .uri("/admin/users")
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("username", "frank")
                        .param("displayName", "Frank")
                        .param("password", "a long enough secret"))
                .hasRedirectedUrl("/admin/users");
        var created = AuditEntries.latest(jdbc, AuditAction.USER_CREATED);
        assertThat(created.actorId()).isEqualTo(admin.id());
        assertThat(created.actorName()).isEqualTo(admin.username());
        assertThat(created.target()).isEqualTo("user:frank");
        assertThat(created.details()).isEqualTo("{\"admin\": false}");

        long frank = jdbc.sql("SELECT id FROM app_user WHERE username = 'frank'")
                .query(Long.class)
                .single();
        assertThat(mvc.post()
                        .uri("/admin/users/" + frank)
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("displayName", "Frank")
                        .param("admin", "true"))
                .hasRedirectedUrl("/admin/users/" + frank);
        var changed = AuditEntries.one(jdbc, AuditAction.USER_CHANGED);
        assertThat(changed.actorName()).isEqualTo(admin.username());
        assertThat(changed.target()).isEqualTo("user:frank");
        assertThat(changed.details())
                .contains("\"admin\": true", "\"adminChanged\": true", "\"displayNameChanged\": false");

        assertThat(mvc.post()
                        .uri("/admin/users/" + frank + "/password")
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("password", "another long secret"))
                .hasRedirectedUrl("/admin/users/" + frank);
        assertThat(mvc.post()
                        .uri("/admin/users/" + frank + "/enabled")
                        .with(TestData.as(admin))
                        .with(csrf())
                        .param("enabled", "false"))
                .hasRedirectedUrl("/admin/users/" + frank);
        assertThat(AuditEntries.one(jdbc, AuditAction.PASSWORD_RESET).target()).isEqualTo("user:frank");
        assertThat(AuditEntries.one(jdbc, AuditAction.USER_DISABLED).target()).isEqualTo("user:frank");
        assertThat(AuditEntries.everything(jdbc)).doesNotContain("a long enough secret", "another long secret");
    }

    @Test
    void aTokensCreationAndRevocationLogItsIdAndNameNeverItsValue() throws Exception {
        var carol = data.user("carol", false);
        MvcTestResult created = mvc.post()
                .uri("/account/tokens")
                .with(TestData.as(carol))
                .with(csrf())
                .param("name", "laptop")
                .exchange();
        assertThat(created).hasStatus3xxRedirection();
        ApiTokenView token = tokens.list(carol.id()).getFirst();
        String value = ((CreatedApiToken) created.getMvcResult().getFlashMap().get("newToken")).token();

        var entry = AuditEntries.one(jdbc, AuditAction.TOKEN_CREATED);
        assertThat(entry.actorId()).isEqualTo(carol.id());
        assertThat(entry.actorName()).isEqualTo("carol");
        assertThat(entry.target()).isEqualTo("token:" + token.id());
        assertThat(entry.details()).contains("\"tokenId\": " + token.id(), "\"name\": \"laptop\"");

        assertThat(mvc.post()
                        .uri("/account/tokens/" + token.id() + "/revoke")
                        .with(TestData.as(carol))
                        .with(csrf()))
                .hasStatus3xxRedirection();
        var revoked = AuditEntries.one(jdbc, AuditAction.TOKEN_REVOKED);
        assertThat(revoked.target()).isEqualTo("token:" + token.id());
        assertThat(revoked.details()).contains("\"name\": \"laptop\"");
        assertThat(AuditEntries.everything(jdbc))
                .doesNotContain(value)
                .doesNotContain(value.substring(13))
                .doesNotContain(TokenSecrets.hash(value));
    }

    private MvcTestResult login(String username, String password, String requestId) {
        var request = mvc.post()
                .uri("/login")
                .param("username", username)
                .param("password", password)
                .with(csrf());
        if (requestId != null) {
            request.header("X-Request-Id", requestId);
        }
        return request.exchange();
    }
}
