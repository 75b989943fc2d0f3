package dev.feedloop.export.web;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The export page in a browser: the first lines, then the counts, again when the form changes. */
@IntegrationTest
class ExportPreviewBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Test
    void theCountsFollowTheFirstLinesAndTheForm() {
        var admin = data.admin();
        long project = data.project().slug("browser-export").create().id();
        long item = data.storedItem(project, "q-1", List.of(message("user", "Question")));
        data.candidate(item, "a", "m1", "Answer A");
        data.candidate(item, "b", "m2", "Answer B");
        data.ranking(item, data.user().id()).tiers(List.of("a"), List.of("b")).insert();

        try (Browser browser = Browser.open(port)) {
            browser.signIn(admin.username()).go("/projects/browser-export/export?testRatio=0");
            browser.waitUntil(
                    d -> !browser.findAll("#export-counts .export-total").isEmpty());
            assertThat(browser.find("#export-counts .export-total").getText()).isEqualTo("1");
            assertThat(browser.findAll("#export-preview pre.export-line")).hasSize(1);
            assertThat(browser.findAll("#export-counts")).hasSize(1);

            new Select(browser.find("#export-format")).selectByValue("kto");
            browser.waitUntil(d -> browser.find("#export-curl").getText().contains("format=kto"));
            browser.waitUntil(
                    d -> !browser.findAll("#export-counts .export-total").isEmpty());
            assertThat(browser.find("#export-counts .export-total").getText())
                    .as("one desirable and one undesirable line")
                    .isEqualTo("2");
            assertThat(browser.findAll("#export-counts")).hasSize(1);
            assertThat(browser.consoleErrors()).isEmpty();
        }
    }
}
