package dev.feedloop.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.projects.RoundDefinition;
import dev.feedloop.projects.Rounds;
import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Dimension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The rounds page on a phone: the table scrolls on its own, the forms fit, a new round is made. */
@IntegrationTest
class RoundsPageBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    Rounds rounds;

    @Test
    void anAdministratorMakesARoundOnAPhone() {
        UserView admin = data.admin();
        TestProject project = data.project().create();
        rounds.create(
                project.slug(),
                new RoundDefinition(
                        "2026-w48",
                        "support-bot-v6-with-a-long-model-version-name",
                        Instant.parse("2026-11-23T00:00:00Z"),
                        Instant.parse("2026-11-30T00:00:00Z")),
                TestData.principal(admin));
        try (Browser browser = Browser.open(port)) {
            browser.driver().manage().window().setSize(new Dimension(390, 844));
            browser.signIn(admin.username()).go("/projects/" + project.slug() + "/rounds");
            browser.find("[data-round-actions='2026-w48'] summary").click();
            assertThat(browser.widerThanWindow()).as("the page fits a phone").isEmpty();
            browser.screenshot("rounds-phone");

            browser.find("#round-name").sendKeys("2026-w49");
            browser.find("#round-model").sendKeys("support-bot-v7");
            browser.script("document.getElementById('round-starts').value = arguments[0]", "2026-11-30T00:00");
            browser.find("[data-new-round] button[type=submit]").click();
            browser.waitUntil(d -> !browser.findAll("tr[data-round='2026-w49']").isEmpty());
            assertThat(browser.find("tr[data-round='2026-w49']").getText()).contains("support-bot-v7");
            assertThat(browser.consoleErrors()).isEmpty();
        }
        assertThat(rounds.of(project.id())).hasSize(2);
        assertThat(rounds.of(project.id()).get(1).open()).isTrue();
    }
}
