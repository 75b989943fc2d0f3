package dev.feedloop.projects;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class MembersPageBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Test
    void aRefusedNewMemberKeepsTheUsernameAndRolesThatWereEntered() {
        var admin = data.admin();
        var person = data.user();
        TestProject project = data.project().create();

        try (Browser browser = Browser.open(port)) {
            browser.signIn(admin.username()).go("/projects/" + project.slug() + "/members");
            browser.find("#new-username").sendKeys("nobody-by-this-name");
            roleBox(browser, "ANNOTATOR").findElement(By.xpath("..")).click();
            roleBox(browser, "REVIEWER").findElement(By.xpath("..")).click();
            browser.find("#new-username").submit();

            browser.waitUntil(d -> !browser.findAll(".flashes .flash-error").isEmpty());
            assertThat(browser.find(".flashes .flash-error").getText()).contains("no user with this username");
            assertThat(browser.find("#new-username").getDomProperty("value")).isEqualTo("nobody-by-this-name");
            assertThat(roleBox(browser, "ANNOTATOR").isSelected()).isTrue();
            assertThat(roleBox(browser, "REVIEWER").isSelected()).isTrue();
            assertThat(roleBox(browser, "LABELER").isSelected()).isFalse();

            browser.find("#new-username").clear();
            browser.find("#new-username").sendKeys(person.username());
            browser.find("#new-username").submit();
            browser.waitUntil(d -> !browser.findAll(".flashes .flash-ok").isEmpty());
            assertThat(browser.find("#new-username").getDomProperty("value"))
                    .as("nothing put back after it worked")
                    .isEmpty();
            assertThat(roleBox(browser, "ANNOTATOR").isSelected()).isFalse();
        }
    }

    private static WebElement roleBox(Browser browser, String role) {
        return browser.find("form[data-remember-fields] input[name=roles][value=" + role + "]");
    }
}
