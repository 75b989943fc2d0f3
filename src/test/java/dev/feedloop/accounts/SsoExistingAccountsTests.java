package dev.feedloop.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.OidcTestProvider;
import dev.feedloop.testsupport.TestData;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Single sign-on on a server without self-sign-up (the default) and with password sign-in turned
 * off: only existing accounts sign in, linked on first use by username and found by the link after.
 */
@IntegrationTest
@TestPropertySource(properties = {"feedloop.accounts.sso.password-login=false"})
class SsoExistingAccountsTests extends OidcSignInTestBase {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    ApiTokens tokens;

    @Test
    void withoutSelfSignUpSomeoneWithoutAnAccountIsRefused() {
        OidcTestProvider.person("nora", SsoSignIn.claims("nora", "nora@example.com", true));
        try (Browser browser = Browser.open("127.0.0.1", port)) {
            SsoSignIn.signIn(browser, "nora");
            SsoSignIn.assertRefusedWithoutAccount(browser, jdbc, "sign-up");
            assertThat(browser.find(".flash-error").getText())
                    .isEqualTo("You have no account on this server yet. Ask an administrator of this Feedloop"
                            + " server to create one.");
        }
    }

    @Test
    void anExistingAccountIsLinkedAtFirstSignInAndFoundByTheLinkAfterTheProviderRenamesThePerson() {
        var maria = data.user("maria", false);
        OidcTestProvider.person("maria", SsoSignIn.claims("maria", "maria@example.com", true));
        try (Browser browser = Browser.open("127.0.0.1", port)) {
            SsoSignIn.signIn(browser, "maria");
            assertThat(browser.path()).isEqualTo("/");
            assertThat(browser.find("body").getText()).contains(maria.displayName());
            assertThat(linkedAccount("maria")).isEqualTo(maria.id());

            OidcTestProvider.person("maria", SsoSignIn.claims("maria.k", "maria.k@example.com", true));
            SsoSignIn.signOut(browser);
            SsoSignIn.signIn(browser, "maria");
            assertThat(browser.path()).isEqualTo("/");
            assertThat(browser.find("body").getText()).contains(maria.displayName());
            assertThat(jdbc.sql("SELECT username FROM app_user")
                            .query(String.class)
                            .list())
                    .containsExactly("maria");

            // a disabled account may not sign in, linked or not
            jdbc.sql("UPDATE app_user SET enabled = false WHERE id = ?")
                    .param(maria.id())
                    .update();
            browser.go("/");
            assertThat(browser.path()).isEqualTo("/login");
            SsoSignIn.signIn(browser, "maria");
            assertThat(browser.path()).isEqualTo("/login?sso=disabled");
            assertThat(browser.find(".flash-error").getText()).isEqualTo("Your account is disabled.");
        }
    }

    @Test
    void anAccountLinkedToAnotherIdentityOfTheProviderIsNotTakenOverByUsername() {
        var maria = data.user("maria", false);
        jdbc.sql("INSERT INTO app_user_identity (user_id, issuer, subject) VALUES (?, ?, 'someone-else')")
                .params(maria.id(), OidcTestProvider.issuer())
                .update();
        OidcTestProvider.person("eve", SsoSignIn.claims("maria", "eve@example.com", true));
        try (Browser browser = Browser.open("127.0.0.1", port)) {
            SsoSignIn.signIn(browser, "eve");
            assertThat(browser.path()).isEqualTo("/login?sso=linked");
            assertThat(linkedAccount("eve")).isNull();
        }
    }

    @Test
    void withPasswordsOffTheLoginPageHasOnlyTheProviderAndPasswordsAreRefused() {
        var alice = data.user();
        assertThat(mvc.get().uri("/login"))
                .hasStatusOk()
                .bodyText()
                .contains("Sign in with Test IdP", "/oauth2/authorization/idp")
                .doesNotContain("data-login-form", "name=\"password\"", "passwords are turned off");

        assertThat(mvc.post()
                        .uri("/login")
                        .param("username", alice.username())
                        .param("password", TestData.PASSWORD)
                        .with(csrf()))
                .hasRedirectedUrl("/login?password-off");
        assertThat(mvc.get().uri("/login?password-off"))
                .bodyText()
                .contains("This server signs in through single sign-on only; passwords are turned off.");

        String basic = Base64.getEncoder().encodeToString((alice.username() + ":" + TestData.PASSWORD).getBytes());
        assertThat(mvc.get().uri("/api/v1/users/me").header("Authorization", "Basic " + basic))
                .hasStatus(401);
        // personal API tokens still work
        String token = tokens.create(alice.id(), "ci").token();
        assertThat(mvc.get().uri("/api/v1/users/me").header("Authorization", "Bearer " + token))
                .hasStatusOk();
        assertThat(jdbc.sql("SELECT count(*) FROM login_failure")
                        .query(Long.class)
                        .single())
                .as("a refused password is not a failed attempt of the account")
                .isZero();
    }

    private Long linkedAccount(String subject) {
        return jdbc.sql("SELECT user_id FROM app_user_identity WHERE subject = ?")
                .param(subject)
                .query(Long.class)
                .optional()
                .orElse(null);
    }
}
