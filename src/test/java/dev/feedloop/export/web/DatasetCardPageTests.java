package dev.feedloop.export.web;

import static dev.feedloop.testsupport.TestData.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.RefusedPages;
import dev.feedloop.testsupport.TestData;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** The export page's dataset card form and each snapshot's card and archive links. */
@IntegrationTest
class DatasetCardPageTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestData data;

    UserView admin;

    @BeforeEach
    void scenario() {
        admin = data.admin();
        long project = data.project().slug("card-page").create().id();
        data.project().slug("other-page").create();
        long item = data.storedItem(project, "q-1", List.of(message("user", "Вопрос")));
        data.candidate(item, "a", "m1", "Ответ A");
        data.candidate(item, "b", "m2", "Ответ B");
        data.ranking(item, data.user().id()).tiers(List.of("a"), List.of("b")).insert();
    }

    MvcTestResult save(String license, String languages, String description) {
        return mvc.post()
                .uri("/projects/card-page/export/dataset-card")
                .param("license", license)
                .param("languages", languages)
                .param("description", description)
                .with(TestData.as(admin))
                .with(csrf())
                .exchange();
    }

    @Test
    void cardSettingsAreSavedFromTheFormAndARefusalKeepsWhatWasTyped() {
        MvcTestResult saved = save("apache-2.0", "en, ru", "Support bot\r\nanswers");
        Document page = RefusedPages.follow(mvc, saved, "/projects/card-page/export#dataset-card", TestData.as(admin));
        assertThat(page.selectFirst(".flash-ok").text()).contains("Dataset card settings saved");
        assertThat(page.selectFirst("#card-license").val()).isEqualTo("apache-2.0");
        assertThat(page.selectFirst("#card-languages").val()).isEqualTo("en, ru");
        assertThat(page.selectFirst("#card-description").val()).isEqualTo("Support bot\nanswers");

        MvcTestResult refused = save("Apache 2", "en", "Kept text");
        Document again = RefusedPages.follow(mvc, refused, "/projects/card-page/export", TestData.as(admin));
        assertThat(again.selectFirst(".flashes .flash-error").text()).contains("license identifier");
        assertThat(again.selectFirst("#card-license").val()).isEqualTo("Apache 2");
        assertThat(again.selectFirst("#card-description").val()).isEqualTo("Kept text");
        assertThat(jdbc.sql("SELECT license FROM dataset_card_settings")
                        .query(String.class)
                        .single())
                .isEqualTo("apache-2.0");
    }

    @Test
    void eachSnapshotLinksItsCardAndArchiveOnlyWithinItsProject() throws Exception {
        MvcTestResult created = mvc.post()
                .uri("/projects/card-page/export/snapshots")
                .param("format", "trl")
                .param("testRatio", "0")
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .with(csrf())
                .exchange();
        assertThat(created).hasStatusOk();
        data.awaitSnapshotJobs();
        long id = jdbc.sql("SELECT id FROM snapshot").query(Long.class).single();

        Document page = page("/projects/card-page/export");
        assertThat(page.select(".snapshot-bundle a").eachAttr("href"))
                .containsExactly(
                        "/projects/card-page/export/snapshots/" + id + "/card",
                        "/projects/card-page/export/snapshots/" + id + "/archive");
        assertThat(page.selectFirst("#curl-archive-" + id).text())
                .contains("/api/v1/snapshots/" + id + "/archive")
                .contains("-o card-page-snapshot-" + id + ".tar");

        MvcTestResult card = mvc.get()
                .uri("/projects/card-page/export/snapshots/" + id + "/card")
                .with(TestData.as(admin))
                .exchange();
        assertThat(card).hasStatusOk();
        assertThat(card.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .startsWith("---\nlicense:");
        MvcTestResult archive = mvc.get()
                .uri("/projects/card-page/export/snapshots/" + id + "/archive")
                .with(TestData.as(admin))
                .exchange();
        assertThat(archive).hasStatusOk();
        assertThat(archive.getResponse().getContentType()).isEqualTo("application/x-tar");

        assertThat(mvc.get()
                        .uri("/projects/other-page/export/snapshots/" + id + "/card")
                        .with(TestData.as(admin))
                        .exchange())
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.get()
                        .uri("/projects/other-page/export/snapshots/" + id + "/archive")
                        .with(TestData.as(admin))
                        .exchange())
                .hasStatus(HttpStatus.NOT_FOUND);
    }

    Document page(String uri) throws Exception {
        MvcTestResult result = mvc.get().uri(uri).with(TestData.as(admin)).exchange();
        assertThat(result).hasStatusOk();
        return Jsoup.parse(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }
}
