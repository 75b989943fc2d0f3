package dev.feedloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.feedloop.testsupport.Browser;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The import page in a browser: the job's progress polled until it ends, and its cancel button. */
@IntegrationTest
class ImportJobPageBrowserTests {

    @LocalServerPort
    int port;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Scheduler scheduler;

    @Test
    void thePageFollowsTheImportJobAndCancelsAQueuedOne(@TempDir Path dir) throws Exception {
        Path file = Files.write(
                dir.resolve("job.jsonl"), java.util.List.of("{\"id\":\"job-1\",\"prompt\":\"Is this a job?\"}"));
        String page = "/projects/" + data.project().create().slug() + "/import";
        try (Browser browser = Browser.open(port)) {
            browser.signIn(data.admin().username()).go(page);
            scheduler.pause();
            try {
                browser.find("#import-file").sendKeys(file.toString());
                browser.find("#import-form button[type=submit]").click();
                browser.waitUntil(d -> !browser.findAll("[data-job-progress] button[data-import-cancel]")
                        .isEmpty());
                assertThat(browser.find("[data-job-progress]").getText()).contains("Waiting for a server");
                browser.screenshot("import-job-1-queued");
                browser.find("button[data-import-cancel]").click();
                browser.waitUntil(d -> browser.findAll("[data-job-progress]").isEmpty());
                assertThat(browser.find(".import-outcome .flash-error").getText())
                        .contains("Nothing was imported");
                assertThat(browser.find(".errors-table").getText()).contains("the import was cancelled");
            } finally {
                scheduler.resume();
            }

            browser.find("#import-file").sendKeys(file.toString());
            browser.find("#import-form button[type=submit]").click();
            browser.waitUntil(d -> !browser.findAll(".import-outcome .flash-ok").isEmpty());
            assertThat(browser.find(".import-outcome .flash-ok").getText()).contains("was imported");
            assertThat(browser.findAll("[data-job-progress]")).isEmpty();
            browser.screenshot("import-job-2-done");
            assertThat(browser.consoleErrors()).isEmpty();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM item").query(Long.class).single())
                .isEqualTo(1);
    }
}
