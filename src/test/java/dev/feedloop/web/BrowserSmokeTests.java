package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class BrowserSmokeTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Test
    void signsInThroughTheLoginPage() {
        var user = data.user();
        try (Browser browser = Browser.open(port)) {
            browser.signIn(user.username());
            assertThat(browser.path()).isEqualTo("/");
            browser.screenshot("smoke-home");
        }
    }
}
