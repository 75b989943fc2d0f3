package dev.feedloop.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class LoginPageBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Test
    void aRefusedSignInKeepsTheUsernameAndPutsTheCursorInThePassword() {
        var alice = data.user();

        try (Browser browser = Browser.open(port)) {
            browser.go("/login");
            browser.find("#username").sendKeys(alice.username());
            browser.find("#password").sendKeys("not the password");
            browser.find("form button[type=submit].btn-primary").click();
            browser.waitUntil(d -> d.getCurrentUrl().endsWith("/login?error"));

            assertThat(browser.find(".flash-error").getText()).isEqualTo("Invalid username or password.");
            assertThat(browser.find("#username").getDomProperty("value")).isEqualTo(alice.username());
            assertThat(browser.script("return document.activeElement.id")).isEqualTo("password");

            browser.find("#password").sendKeys(TestData.PASSWORD);
            browser.find("form button[type=submit].btn-primary").click();
            browser.waitUntil(d -> !d.getCurrentUrl().contains("/login"));
            assertThat(browser.find(".usermenu-name").getText()).isEqualTo(alice.displayName());
        }
    }
}
