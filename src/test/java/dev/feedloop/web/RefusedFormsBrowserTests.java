package dev.feedloop.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A form that comes back refused with the message next to a field opens at that field, so the
 * message is seen on a long form (a phone's screen) without scrolling for it.
 */
@IntegrationTest
class RefusedFormsBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Test
    void aRefusedRatingDimensionOpensTheFormAtItsMessageWithTheCursorInTheDimensions() {
        var admin = data.admin();

        try (Browser browser = Browser.open(port)) {
            browser.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
            browser.signIn(admin.username()).go("/projects/new");
            browser.find("#slug").sendKeys("scales");
            browser.find("#name").sendKeys("Scales");
            browser.find("[data-add-row=dimension-row-template]").click();
            List<WebElement> last = browser.findAll("#dimension-rows .edit-row:last-child input");
            last.get(0).sendKeys("clarity");
            last.get(1).clear();
            last.get(1).sendKeys("9");
            last.get(2).clear();
            last.get(2).sendKeys("3");
            browser.find("main form button[type=submit]").click();

            WebElement error = browser.waitUntil(d -> browser.find("main form .field-error"));
            assertThat(error.getText()).contains("A scale goes from a lower to a higher whole number");
            assertThat(browser.script(
                            "var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;",
                            error))
                    .isEqualTo(true);
            assertThat(browser.script("return document.activeElement.name;")).isEqualTo("dimensionName");
        }
    }
}
