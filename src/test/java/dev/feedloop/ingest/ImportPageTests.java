package dev.feedloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.RefusedPages;
import dev.feedloop.testsupport.TestData;
import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

@IntegrationTest
class ImportPageTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    Projects projects;

    @Autowired
    JdbcClient jdbc;

    UserView admin;
    ProjectSettings project;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        project = data.project().createAsAdmin();
    }

    static Document html(MvcTestResult result) {
        assertThat(result).hasStatusOk();
        return Jsoup.parse(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
    }

    MvcTestResult upload(String fileName, String content, UUID token, boolean htmx) {
        var request = mvc.post()
                .uri("/projects/" + project.slug() + "/import")
                .multipart()
                .file(new MockMultipartFile(
                        "file", fileName, "application/octet-stream", content.getBytes(StandardCharsets.UTF_8)))
                .param("format", "auto")
                .param("clientToken", token.toString())
                .with(TestData.as(admin))
                .with(csrf());
        if (htmx) {
            request = request.header("HX-Request", "true");
        }
        return request.exchange();
    }

    /** Waits for the project's last import to end (its job runs beside the request). */
    long awaitLastImport() {
        long id = lastImportId();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!List.of("DONE", "FAILED")
                        .contains(jdbc.sql("SELECT status FROM import_batch WHERE id = ?")
                                .param(id)
                                .query(String.class)
                                .single())
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        return id;
    }

    /** The result fragment of the project's last import once it has ended, as the page's polling gets it. */
    Document awaitResult() {
        long id = awaitLastImport();
        return html(mvc.get()
                .uri("/projects/" + project.slug() + "/imports/" + id)
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .exchange());
    }

    @Test
    void importPageHasPickerDropzoneAndHistory() {
        Document page = html(mvc.get()
                .uri("/projects/" + project.slug() + "/import")
                .with(TestData.as(admin))
                .exchange());
        assertThat(page.select("form#import-form input[type=file][name=file]")).hasSize(1);
        assertThat(page.select("[data-dropzone]")).hasSize(1);
        assertThat(page.select("form#import-form").attr("hx-encoding")).isEqualTo("multipart/form-data");
        assertThat(page.select("#import-history").text()).isNotBlank();
    }

    @Test
    void htmxUploadAnswersWithTheCountsAndTheUpdatedHistory() {
        UUID token = UUID.randomUUID();
        Document fragment = html(upload(
                "items.jsonl",
                "{\"id\":\"a\",\"prompt\":\"x\",\"candidates\":[{\"id\":\"1\",\"content\":\"y\"}]}\n",
                token,
                true));
        assertThat(fragment.select("html > body > main")).isEmpty();
        assertThat(fragment.select("#import-history[hx-swap-oob]").text()).contains("items.jsonl");
        Document done = awaitResult();
        assertThat(done.select(".import-outcome .flash-ok")).hasSize(1);
        assertThat(done.select(".import-outcome dl.facts dd").first().text()).isEqualTo("1");
        assertThat(done.select(".import-outcome").attr("hx-trigger")).isEmpty();

        Document progress = html(mvc.get()
                .uri("/projects/" + project.slug() + "/imports/progress?token=" + token)
                .with(TestData.as(admin))
                .exchange());
        assertThat(progress.select("progress")).hasSize(1);
        assertThat(progress.select(".import-progress progress").attr("value")).isEqualTo("100");
        assertThat(progress.select(".import-progress").attr("hx-trigger")).isEmpty();
    }

    @Test
    void refusedUploadShowsEveryErrorWithItsLine() {
        upload("bad.csv", "id,prompt\r\nq1,\r\n", UUID.randomUUID(), true);
        Document fragment = awaitResult();
        assertThat(fragment.select(".import-outcome .flash-error")).hasSize(1);
        assertThat(fragment.select(".errors-table tbody tr td").eachText())
                .containsExactly("2", "prompt", "must not be empty");
    }

    /** The import's own page, in Russian. */
    Document russianDetail(long importId) {
        return html(mvc.get()
                .uri("/projects/" + project.slug() + "/imports/" + importId)
                .cookie(new Cookie("feedloop-lang", "ru"))
                .with(TestData.as(admin))
                .exchange());
    }

    long lastImportId() {
        return jdbc.sql("SELECT max(id) FROM import_batch WHERE project_id = ?")
                .param(project.id())
                .query(Long.class)
                .single();
    }

    @Test
    void aRussianReaderSeesTheProblemsInRussian() {
        MvcTestResult refused = mvc.post()
                .uri("/projects/" + project.slug() + "/import")
                .multipart()
                .file(new MockMultipartFile(
                        "file",
                        "bad.jsonl",
                        "application/octet-stream",
                        ("{\"id\":\"a\",\"prompt\":\"x\"}\n"
                                        + "{\"id\":\"b\",\"prompt\":42}\n"
                                        + "{\"id\":\"c\",\"prompt\":\"x\",\"extra\":1}\n"
                                        + "{\"id\":\"a\",\"prompt\":\"y\"}\n")
                                .getBytes(StandardCharsets.UTF_8)))
                .param("format", "auto")
                .param("clientToken", UUID.randomUUID().toString())
                .header("HX-Request", "true")
                .cookie(new Cookie("feedloop-lang", "ru"))
                .with(TestData.as(admin))
                .with(csrf())
                .exchange();
        List<String> expected = List.of(
                "2",
                "prompt",
                "должно быть текстом, а не числом",
                "3",
                "extra",
                "неизвестное поле (дополнительные данные помещайте в «metadata»)",
                "4",
                "id",
                "id элемента «a» повторяется (впервые — в строке 1)");
        assertThat(refused).hasStatusOk();
        awaitLastImport();

        // Stored with its codes, the import reads in Russian later, and in English for others.
        assertThat(russianDetail(lastImportId())
                        .select(".errors-table tbody tr td")
                        .eachText())
                .containsExactlyElementsOf(expected);
        Document english = html(mvc.get()
                .uri("/projects/" + project.slug() + "/imports/" + lastImportId())
                .header("Accept-Language", "en")
                .with(TestData.as(admin))
                .exchange());
        assertThat(english.select(".errors-table tbody tr td").eachText())
                .containsExactly(
                        "2",
                        "prompt",
                        "must be text, not a number",
                        "3",
                        "extra",
                        "unknown field (put extra data under \"metadata\")",
                        "4",
                        "id",
                        "duplicate item id \"a\" (first on line 1)");
    }

    @Test
    void anImportRecordedWithoutProblemCodesShowsItsEnglishMessages() {
        long id = jdbc.sql("""
                        INSERT INTO import_batch (project_id, format, status, errors, error_count, finished_at)
                        VALUES (?, 'JSONL', 'FAILED', ?::jsonb, 1, now()) RETURNING id
                        """)
                .params(project.id(), "[{\"line\": 4, \"field\": \"prompt\", \"message\": \"must not be empty\"}]")
                .query(Long.class)
                .single();
        assertThat(russianDetail(id).select(".errors-table tbody tr td").eachText())
                .containsExactly("4", "prompt", "must not be empty");
    }

    @Test
    void anEmptyFileShowsNoItemsWithoutALineInRussian() {
        MvcTestResult result = mvc.post()
                .uri("/projects/" + project.slug() + "/import")
                .multipart()
                .file(new MockMultipartFile("file", "empty.jsonl", "application/octet-stream", new byte[0]))
                .param("format", "auto")
                .param("clientToken", UUID.randomUUID().toString())
                .header("HX-Request", "true")
                .cookie(new Cookie("feedloop-lang", "ru"))
                .with(TestData.as(admin))
                .with(csrf())
                .exchange();
        assertThat(html(result).select(".errors-table tbody tr td").stream()
                        .map(Element::text)
                        .toList())
                .containsExactly("", "", "в файле нет ни одного элемента");
    }

    @Test
    void plainFormPostGoesToTheImportsPage() {
        MvcTestResult result = upload("items.jsonl", "{\"id\":\"a\",\"prompt\":\"x\"}\n", UUID.randomUUID(), false);
        assertThat(result).hasStatus(HttpStatus.FOUND);
        String location = result.getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/projects/" + project.slug() + "/imports/");
        awaitLastImport();
        Document page = html(mvc.get().uri(location).with(TestData.as(admin)).exchange());
        assertThat(page.select(".import-outcome .flash-ok")).hasSize(1);
    }

    @Test
    void progressBeforeTheUploadArrivesKeepsPolling() {
        Document progress = html(mvc.get()
                .uri("/projects/" + project.slug() + "/imports/progress?token=" + UUID.randomUUID())
                .with(TestData.as(admin))
                .exchange());
        assertThat(progress.select(".import-progress").attr("hx-trigger")).isEqualTo("every 1s");
        assertThat(progress.select("progress")).isEmpty();
    }

    @Test
    void overviewShowsCountsTasksAndRecentImports() {
        upload(
                "items.jsonl",
                "{\"id\":\"a\",\"prompt\":\"x\",\"candidates\":[{\"id\":\"1\",\"content\":\"y\"},{\"id\":\"2\",\"content\":\"z\"}]}\n",
                UUID.randomUUID(),
                true);
        awaitLastImport();
        Document page = html(mvc.get()
                .uri("/projects/" + project.slug())
                .with(TestData.as(admin))
                .exchange());
        assertThat(page.select(".stat-value").eachText()).startsWith("1", "2", "1");
        assertThat(page.select("table progress")).hasSize(2);
        assertThat(page.select(".table-wrap").last().text()).contains("items.jsonl");

        UserView labeler = data.user();
        data.member(project, labeler, ProjectRole.LABELER);
        Document memberView = html(mvc.get()
                .uri("/projects/" + project.slug())
                .with(TestData.as(labeler))
                .exchange());
        assertThat(memberView.text()).doesNotContain("items.jsonl");
        assertThat(mvc.get()
                        .uri("/projects/" + project.slug() + "/import")
                        .with(TestData.as(labeler))
                        .exchange())
                .hasStatus(HttpStatus.FORBIDDEN);
    }

    @Test
    void overviewOffersTheWorkPagesOfThePersonsRoles() {
        UserView labeler = data.user();
        data.member(project, labeler, ProjectRole.LABELER, ProjectRole.REVIEWER);
        Document page = html(mvc.get()
                .uri("/projects/" + project.slug())
                .with(TestData.as(labeler))
                .exchange());
        assertThat(page.select(".work-links a").eachAttr("href"))
                .containsExactly("/projects/" + project.slug() + "/write", "/projects/" + project.slug() + "/review");
    }

    @Test
    void anUploadRefusedBeforeAnyImportShowsWhyInTheResultArea() {
        MvcTestResult refused = mvc.post()
                .uri("/projects/" + project.slug() + "/import")
                .multipart()
                .file(new MockMultipartFile(
                        "file", "items.xml", "application/xml", "<items/>".getBytes(StandardCharsets.UTF_8)))
                .param("format", "xml")
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .with(csrf())
                .exchange();
        Document message = RefusedPages.htmxMessage(refused, "#import-result");
        assertThat(message.select(".flash-error > span").text()).isEqualTo("Unknown or unsupported file format.");

        MvcTestResult plain = mvc.post()
                .uri("/projects/" + project.slug() + "/import")
                .multipart()
                .file(new MockMultipartFile(
                        "file", "items.xml", "application/xml", "<items/>".getBytes(StandardCharsets.UTF_8)))
                .param("format", "xml")
                .with(TestData.as(admin))
                .with(csrf())
                .exchange();
        Document page = RefusedPages.follow(mvc, plain, "/projects/" + project.slug() + "/import", TestData.as(admin));
        assertThat(page.select(".flashes .flash-error > span").text()).isEqualTo("Unknown or unsupported file format.");
    }
}
