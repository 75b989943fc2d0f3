package dev.feedloop.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class EndpointPageBrowserTests {

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("browser-model");

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Test
    void anAdminAddsAnEndpointWithTheKeyboardAndTestsItWithoutLeavingThePage() {
        var admin = data.admin();
        try (Browser browser = Browser.open(port)) {
            browser.signIn(admin.username()).go("/admin/endpoints");
            browser.find("a[href='/admin/endpoints/new']").click();
            browser.find("#name").sendKeys("Local Ollama");
            browser.find("#baseUrl").sendKeys(MODEL.baseUrl());
            browser.find("#model").sendKeys("llama3.1:8b");
            browser.find("#apiKey").sendKeys("sk-browser-typed-1234", Keys.ENTER);
            browser.waitUntil(ExpectedConditions.urlMatches("/admin/endpoints/\\d+$"));
            assertThat(browser.find(".flash-ok").getText()).contains("Local Ollama");
            assertThat(browser.find("#apiKey").getAttribute("value")).isEmpty();
            assertThat(browser.find("#apiKey-help").getText()).contains("1234");
            String page = browser.path();

            browser.find("#test-result").isDisplayed();
            browser.find("form[hx-post] button").sendKeys(Keys.ENTER);
            browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(
                    org.openqa.selenium.By.cssSelector("#test-result"), "browser-model answered"));
            assertThat(browser.path()).isEqualTo(page);
            assertThat(MODEL.requests().getFirst().getHeader("Authorization"))
                    .isEqualTo("Bearer sk-browser-typed-1234");
            browser.screenshot("endpoint-desktop");

            browser.driver().manage().window().setSize(new Dimension(390, 844));
            browser.go("/admin/endpoints");
            Object overflow = browser.script("""
                    var w = document.documentElement.clientWidth, wide = [];
                    document.querySelectorAll('body *').forEach(function (e) {
                      if (e.getBoundingClientRect().right > w + 1 && !e.closest('.table-wrap')) {
                        wide.push(e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));
                      }
                    });
                    return wide.join(', ');""");
            browser.screenshot("endpoints-phone");
            browser.go(page);
            browser.screenshot("endpoint-phone");
            assertThat(overflow)
                    .as("elements wider than a phone, outside the scrolled table")
                    .isEqualTo("");
            assertThat(browser.consoleErrors()).isEmpty();
            browser.driver().manage().window().setSize(new Dimension(1280, 720));
        }
    }
}
