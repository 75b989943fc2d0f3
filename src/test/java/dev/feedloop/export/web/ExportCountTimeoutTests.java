package dev.feedloop.export.web;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * The export page's count of lines gives up after {@code feedloop.export.count-timeout} and says
 * so, while the first lines stay quick. The rankings are locked by another transaction so that
 * counting them waits past the (short) timeout whatever the machine's speed.
 */
@IntegrationTest
@TestPropertySource(
        properties = {
            "feedloop.export.count-timeout=300ms",
            // this context stays cached beside the common one: its scheduler would take the other
            // tests' jobs
            "feedloop.jobs.enabled=false"
        })
class ExportCountTimeoutTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    DataSource dataSource;

    @Test
    void aCountPastTheTimeoutSaysCountingTookTooLongInBothLanguages() throws Exception {
        UserView admin = data.admin();
        long project = data.project().slug("slow-count").create().id();
        long item = data.storedItem(project, "q-1", List.of(message("user", "Q")));
        data.candidate(item, "a", "m1", "A");
        data.candidate(item, "b", "m2", "B");
        data.ranking(item, data.user().id()).tiers(List.of("a"), List.of("b")).insert();
        String query = "?format=trl&testRatio=0&seed=s";

        Document quick = html("/projects/slow-count/export/counts" + query, "en", admin);
        assertThat(quick.select(".export-total").text()).isEqualTo("1");
        assertThat(quick.select(".export-too-slow")).isEmpty();

        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (Statement statement = lock.createStatement()) {
                statement.execute("LOCK TABLE ranking IN ACCESS EXCLUSIVE MODE");
            }
            long started = System.nanoTime();
            Document slow = html("/projects/slow-count/export/counts" + query, "en", admin);
            long millis = (System.nanoTime() - started) / 1_000_000;
            Document russian = html("/projects/slow-count/export/counts" + query, "ru", admin);
            lock.rollback();

            assertThat(slow.select(".export-total")).isEmpty();
            assertThat(slow.select("#export-counts .export-too-slow").text())
                    .startsWith("Counting took too long (more than 0.3 s).");
            assertThat(russian.select(".export-too-slow").text()).startsWith("Подсчёт занял слишком много времени");
            assertThat(millis).as("gave up near the timeout").isLessThan(5_000);
        }
    }

    private Document html(String uri, String language, UserView admin) throws Exception {
        return Jsoup.parseBodyFragment(mvc.get()
                .uri(uri)
                .header("HX-Request", "true")
                .header("Accept-Language", language)
                .with(TestData.as(admin))
                .exchange()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }
}
