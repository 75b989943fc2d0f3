package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Forms of the item explorer and the Model help tab sent after the session ended: nothing is
 * stored, the page says so and keeps what was typed, and gives it back in the form after signing in
 * again, ready to send.
 */
@IntegrationTest
class SignedOutAdminFormsBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theItemExplorersExclusionReasonIsKeptAndComesBackAfterSigningIn() {
        var admin = data.admin();
        TestProject project = data.project().demonstrations(0).rankings(1).create();
        long itemId = data.item(project, "e-1", 0, "a", "b");
        String page = "/projects/" + project.slug() + "/items/e-1";
        String reason = "A duplicate of e-7, with a typo.";

        try (Browser browser = Browser.open(port)) {
            browser.signIn(admin.username()).go(page);
            browser.find("#exclusion-reason").sendKeys(reason);
            endSessionsOf(admin.username());
            browser.find("form[action$='/exclusion'] button[type=submit]").click();

            browser.waitUntil(d -> browser.find("[data-signed-out]").isDisplayed());
            assertThat(browser.find("[data-signed-out]").getText())
                    .contains("What you typed in the form is kept in this browser");
            assertThat(browser.path()).isEqualTo(page);
            assertThat(browser.find("body").getText()).doesNotContain("Access denied");
            assertThat(excludedReason(itemId)).isNull();

            browser.find("[data-sign-in-again]").click();
            browser.signInHere(admin.username());
            browser.waitUntil(d -> browser.path().equals(page));
            assertThat(browser.find("#exclusion-reason").getDomProperty("value"))
                    .isEqualTo(reason);
            assertThat(browser.find("[data-notice]").getText()).contains("is back in the form");

            browser.find("form[action$='/exclusion'] button[type=submit]").click();
            browser.waitUntil(d -> !browser.findAll("[data-exclusion]").isEmpty());
        }
        assertThat(excludedReason(itemId)).isEqualTo(reason);
    }

    @Test
    void theModelHelpCritiquePromptIsKeptAndComesBackAfterSigningIn() {
        var admin = data.admin();
        TestProject project = data.project().create();
        String page = "/projects/" + project.slug() + "/assist";
        String prompt = "Look only for factual mistakes; list at most three.";

        try (Browser browser = Browser.open(port)) {
            browser.signIn(admin.username()).go(page);
            WebElement critique = browser.find("#critiquePrompt");
            critique.clear();
            critique.sendKeys(prompt);
            endSessionsOf(admin.username());
            browser.find("form[data-assist-settings] button[type=submit]").click();

            browser.waitUntil(d -> browser.find("[data-signed-out]").isDisplayed());
            assertThat(browser.find("[data-signed-out]").getText())
                    .contains("What you typed in the form is kept in this browser");
            assertThat(browser.path()).isEqualTo(page);
            assertThat(critiquePrompt(project.id())).isNull();

            browser.find("[data-sign-in-again]").click();
            browser.signInHere(admin.username());
            browser.waitUntil(d -> browser.path().equals(page));
            assertThat(browser.find("#critiquePrompt").getDomProperty("value")).isEqualTo(prompt);
            assertThat(browser.find("[data-notice]").getText()).contains("is back in the form");

            browser.find("form[data-assist-settings] button[type=submit]").click();
            browser.waitUntil(d -> prompt.equals(critiquePrompt(project.id())));
        }
    }

    private String excludedReason(long itemId) {
        return jdbc.sql("SELECT excluded_reason FROM item WHERE id = ?")
                .param(itemId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private String critiquePrompt(long projectId) {
        return jdbc.sql("SELECT critique_prompt FROM assist_settings WHERE project_id = ?")
                .param(projectId)
                .query(String.class)
                .optional()
                .orElse(null);
    }

    private void endSessionsOf(String username) {
        assertThat(jdbc.sql("DELETE FROM spring_session WHERE principal_name = ?")
                        .param(username)
                        .update())
                .isPositive();
    }
}
