package dev.feedloop.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.OidcTestProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Single sign-on against a real OpenID Connect provider ({@link OidcTestProvider}), in the browser,
 * on a server with self-sign-up on, the admin mapping on the {@code groups} claim and one allowed
 * email domain.
 */
@IntegrationTest
@TestPropertySource(
        properties = {
            "feedloop.accounts.sso.self-sign-up=true",
            "feedloop.accounts.sso.admin-claim=groups",
            "feedloop.accounts.sso.admin-values=feedloop-admins",
            "feedloop.accounts.sso.allowed-email-domains=example.com, Example.org"
        })
class SsoSignUpBrowserTests extends OidcSignInTestBase {

    @Autowired
    SsoAccounts accounts;

    @Test
    void firstSignInCreatesAnAccountWithoutAdministratorOrProjectRolesAndSignOutEndsIt() {
        OidcTestProvider.person(
                "anna",
                Map.of(
                        "preferred_username", "anna",
                        "email", "anna@example.com",
                        "email_verified", true,
                        "name", "Anna Petrova",
                        "groups", List.of("staff")));
        try (Browser browser = Browser.open("127.0.0.1", port)) {
            browser.go("/login");
            assertThat(browser.find("[data-sso-provider]").getText()).isEqualTo("Sign in with Test IdP");
            // the button comes after the password form's, in tab order
            browser.find("#password").click();
            browser.find("#password").sendKeys(Keys.TAB, Keys.TAB);
            assertThat(browser.script("return document.activeElement.hasAttribute('data-sso-provider')"))
                    .isEqualTo(true);

            SsoSignIn.signIn(browser, "anna");

            assertThat(browser.path()).isEqualTo("/");
            assertThat(browser.find("body").getText()).contains("Anna Petrova");
            Map<String, Object> account = jdbc.sql(
                            "SELECT id, username, display_name, admin, enabled FROM app_user WHERE username = 'anna'")
                    .query()
                    .singleRow();
            assertThat(account)
                    .containsEntry("display_name", "Anna Petrova")
                    .containsEntry("admin", false)
                    .containsEntry("enabled", true);
            long id = ((Number) account.get("id")).longValue();
            assertThat(jdbc.sql("SELECT count(*) FROM project_member WHERE user_id = ?")
                            .param(id)
                            .query(Long.class)
                            .single())
                    .isZero();
            assertThat(jdbc.sql("SELECT issuer || ' ' || subject FROM app_user_identity WHERE user_id = ?")
                            .param(id)
                            .query(String.class)
                            .single())
                    .isEqualTo(OidcTestProvider.issuer() + " anna");
            // not an administrator: the users page is refused
            browser.go("/admin/users");
            assertThat(browser.find("body").getText()).doesNotContain("New user");

            browser.go("/");
            SsoSignIn.signOut(browser);
            assertThat(browser.path()).isEqualTo("/login?logout");
            browser.go("/account");
            assertThat(browser.path()).isEqualTo("/login");
            assertThat(jdbc.sql("SELECT count(*) FROM app_user")
                            .query(Long.class)
                            .single())
                    .isEqualTo(1L);
        }
    }

    @Test
    void theGroupClaimMakesAnAdministratorAndTakesItAwayAtTheNextSignIn() {
        OidcTestProvider.person("boss", SsoSignIn.claims("boss", "boss@example.org", true, "staff", "feedloop-admins"));
        try (Browser browser = Browser.open("127.0.0.1", port)) {
            SsoSignIn.signIn(browser, "boss");
            assertThat(browser.path()).isEqualTo("/");
            assertThat(isAdmin("boss")).isTrue();
            browser.go("/admin/users");
            assertThat(browser.find("h1").getText()).isEqualTo("Users");

            // the session has the account's rights as they are now, like a password session
            jdbc.sql("UPDATE app_user SET admin = false WHERE username = 'boss'")
                    .update();
            browser.go("/admin/users");
            assertThat(browser.find("body").getText()).doesNotContain("New user");

            OidcTestProvider.person("boss", SsoSignIn.claims("boss", "boss@example.org", true, "feedloop-admins"));
            browser.go("/");
            SsoSignIn.signOut(browser);
            SsoSignIn.signIn(browser, "boss");
            assertThat(isAdmin("boss")).as("in the group again at sign-in").isTrue();

            OidcTestProvider.person("boss", SsoSignIn.claims("boss", "boss@example.org", true));
            SsoSignIn.signOut(browser);
            SsoSignIn.signIn(browser, "boss");
            assertThat(browser.path()).isEqualTo("/");
            assertThat(isAdmin("boss"))
                    .as("out of the group at the next sign-in")
                    .isFalse();
            browser.go("/admin/users");
            assertThat(browser.find("body").getText()).doesNotContain("New user");
        }
    }

    @Test
    void anAddressOutsideTheAllowedDomainsOrNotVerifiedIsRefusedOnTheLoginPageWithoutAnAccount() {
        OidcTestProvider.person("eve", SsoSignIn.claims("eve", "eve@elsewhere.net", true));
        OidcTestProvider.person("nora", SsoSignIn.claims("nora", "nora@example.com", false));
        for (String login : List.of("eve", "nora")) {
            try (Browser browser = Browser.open("127.0.0.1", port)) {
                SsoSignIn.signIn(browser, login);
                SsoSignIn.assertRefusedWithoutAccount(browser, jdbc, "domain");
                assertThat(browser.find(".flash-error").getText())
                        .isEqualTo("Your identity provider did not give a verified email address in a domain"
                                + " this server accepts.");
                browser.go("/");
                assertThat(browser.path()).isEqualTo("/login");
            }
        }
    }

    @Test
    void loginPageFitsAPhoneWithBothWaysToSignIn() {
        try (Browser browser = Browser.open("127.0.0.1", port)) {
            browser.driver().manage().window().setSize(new Dimension(360, 740));
            browser.go("/login");
            assertThat(browser.findAll("[data-login-form]")).hasSize(1);
            assertThat(browser.findAll("[data-sso-provider]")).hasSize(1);
            assertThat(browser.findAll(".flash")).isEmpty();
            assertThat(browser.widerThanWindow()).isEmpty();
            assertThat(browser.consoleErrors()).isEmpty();
            browser.screenshot("login-sso-phone");
        }
    }

    @Test
    void withoutAUsernameClaimTheVerifiedEmailNamesTheAccountAndAnAdminClaimMayBeOneString() {
        AccountPrincipal kim = accounts.signIn(
                "https://issuer.example",
                "kim-subject",
                Map.of("email", "kim@example.com", "email_verified", true, "groups", "feedloop-admins"));
        assertThat(kim.getUsername()).isEqualTo("kim_example.com");
        assertThat(kim.admin()).isTrue();
        assertThat(kim.getPassword()).isNull();
        // a second sign-in under another email finds the account by its link
        AccountPrincipal again = accounts.signIn(
                "https://issuer.example",
                "kim-subject",
                Map.of("email", "kim.new@example.com", "email_verified", true));
        assertThat(again.id()).isEqualTo(kim.id());
        assertThat(again.admin()).isFalse();
    }

    @Test
    void twoFirstSignInsOfOnePersonAtOnceMakeOneAccount() throws Exception {
        for (int round = 0; round < 5; round++) {
            String subject = "twin-subject-" + round;
            Map<String, Object> claims = Map.of(
                    "preferred_username",
                    "twin" + round,
                    "email",
                    "twin" + round + "@example.com",
                    "email_verified",
                    true);
            var start = new java.util.concurrent.CountDownLatch(1);
            try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                java.util.concurrent.Callable<Long> signIn = () -> {
                    start.await();
                    return accounts.signIn("https://issuer.example", subject, claims)
                            .id();
                };
                var first = pool.submit(signIn);
                var second = pool.submit(signIn);
                start.countDown();
                assertThat(first.get()).isEqualTo(second.get());
            }
            assertThat(jdbc.sql("SELECT count(*) FROM app_user_identity WHERE subject = ?")
                            .param(subject)
                            .query(Long.class)
                            .single())
                    .isEqualTo(1);
        }
    }

    @Test
    void aUsernameClaimThatIsNoValidUsernameIsRefusedAndWritesNothing() {
        for (String username : List.of("has spaces", "x", "ünï", "a".repeat(41))) {
            assertThatThrownBy(() -> accounts.signIn(
                            "https://issuer.example",
                            "someone",
                            Map.of("preferred_username", username, "email", "s@example.com", "email_verified", true)))
                    .isInstanceOfSatisfying(
                            SsoSignInRefused.class,
                            refused -> assertThat(refused.reason()).isEqualTo(SsoSignInRefused.Reason.USERNAME));
        }
        assertThat(jdbc.sql("SELECT (SELECT count(*) FROM app_user) + (SELECT count(*) FROM app_user_identity)")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private boolean isAdmin(String username) {
        return jdbc.sql("SELECT admin FROM app_user WHERE username = ?")
                .param(username)
                .query(Boolean.class)
                .single();
    }
}
