package dev.feedloop.accounts;

import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.OidcTestProvider;
import org.openqa.selenium.Keys;

/** Single sign-on as a person does it in the browser: the button, the provider's page, back. */
final class SsoSignIn {

    private SsoSignIn() {}

    /** ID token claims: a {@code preferred_username}, an email address and the groups. */
    static java.util.Map<String, Object> claims(String username, String email, boolean verified, String... groups) {
        var claims = new java.util.HashMap<String, Object>();
        claims.put("preferred_username", username);
        claims.put("email", email);
        claims.put("email_verified", verified);
        claims.put("groups", java.util.List.of(groups));
        return claims;
    }

    /**
     * From Feedloop's login page, presses "Sign in with …" (with the keyboard), signs in on the
     * provider's own page when it asks, and waits until the browser is back on Feedloop.
     */
    static void signIn(Browser browser, String login) {
        browser.go("/login");
        String loginPage = browser.driver().getCurrentUrl();
        browser.find("[data-sso-provider]").sendKeys(Keys.ENTER);
        String issuer = OidcTestProvider.issuer();
        // the provider's login page, or (still signed in there) straight back to Feedloop
        browser.waitUntil(d -> d.getCurrentUrl().startsWith(issuer + "/login") || feedloopAgain(d, issuer, loginPage));
        if (browser.driver().getCurrentUrl().startsWith(issuer + "/login")) {
            browser.find("#username").sendKeys(login);
            browser.find("#password").sendKeys(OidcTestProvider.PASSWORD);
            browser.find("button[type=submit]").click();
        }
        browser.waitUntil(d -> feedloopAgain(d, issuer, loginPage));
    }

    private static boolean feedloopAgain(org.openqa.selenium.WebDriver driver, String issuer, String loginPage) {
        String url = driver.getCurrentUrl();
        return !url.equals(loginPage) && !url.startsWith(issuer) && !url.contains("/oauth2/");
    }

    /**
     * The browser is on the login page with the refusal {@code code}, and nothing was written: no
     * account and no link.
     */
    static void assertRefusedWithoutAccount(
            Browser browser, org.springframework.jdbc.core.simple.JdbcClient jdbc, String code) {
        org.assertj.core.api.Assertions.assertThat(browser.path()).isEqualTo("/login?sso=" + code);
        org.assertj.core.api.Assertions.assertThat(
                        jdbc.sql("SELECT (SELECT count(*) FROM app_user) + (SELECT count(*) FROM app_user_identity)")
                                .query(Long.class)
                                .single())
                .isZero();
    }

    /** Presses "Sign out" in the page header. */
    static void signOut(Browser browser) {
        browser.find("form[action$='/logout'] button[type=submit]").click();
        browser.waitUntil(d -> browser.path().startsWith("/login"));
    }
}
