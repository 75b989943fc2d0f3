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
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The annotator policy on the export page and over the API: the form offers it, the preview says
 * who is left out, snapshots show it, and an unknown value is refused naming the parameter.
 */
@IntegrationTest
class TrustedExportPageTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    TestData data;

    UserView admin;

    /** Two annotators rank q-1 a > b; one of them is paused in the project. */
    @BeforeEach
    void scenario() {
        admin = data.admin();
        var project = data.project().slug("trusted-page").create();
        long kept = data.user().id();
        long paused = data.user().id();
        data.member(project, kept, "ANNOTATOR").member(project, paused, "ANNOTATOR");
        jdbc.sql("""
                        UPDATE project_member SET paused_at = '2025-06-01T00:00:00Z', paused_reason = 'MANUAL'
                        WHERE project_id = ? AND user_id = ?
                        """).params(project.id(), paused).update();
        long item = data.storedItem(project.id(), "q-1", List.of(message("user", "Вопрос")));
        data.candidate(item, "a", "m1", "Ответ A");
        data.candidate(item, "b", "m2", "Ответ B");
        data.ranking(item, kept).tiers(List.of("a"), List.of("b")).insert();
        data.ranking(item, paused).tiers(List.of("a"), List.of("b")).insert();
    }

    Document html(MvcTestResult result) {
        assertThat(result).hasStatusOk();
        return Jsoup.parse(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void theFormOffersEveryoneOrTrustedAnnotatorsInBothLanguages() {
        Document page = html(mvc.get()
                .uri("/projects/trusted-page/export")
                .with(TestData.as(admin))
                .exchange());

        var options = page.select("#export-form select#export-annotators[name=annotators] option");
        assertThat(options).extracting(e -> e.attr("value")).containsExactly("all", "trusted");
        assertThat(options).extracting(e -> e.text()).containsExactly("Everyone", "Trusted only");
        assertThat(page.select("#export-annotators option[selected]").attr("value"))
                .isEqualTo("all");
        assertThat(page.select("label[for=export-annotators]").text()).isEqualTo("Annotators");
        assertThat(page.select("#export-annotators-help").text()).startsWith("Trusted: not paused here");

        Document russian = html(mvc.get()
                .uri("/projects/trusted-page/export?annotators=trusted")
                .header("Accept-Language", "ru")
                .with(TestData.as(admin))
                .exchange());
        assertThat(russian.select("#export-annotators option"))
                .extracting(e -> e.text())
                .containsExactly("Все", "Только надёжные");
        assertThat(russian.select("#export-annotators option[selected]").attr("value"))
                .isEqualTo("trusted");
    }

    @Test
    void thePreviewCountsTrustedLinesAndNamesWhoIsLeftOut() {
        String query = "?format=trl&testRatio=0&seed=s&annotators=";

        Document everyone = html(mvc.get()
                .uri("/projects/trusted-page/export/counts" + query + "all")
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .exchange());
        Document trusted = html(mvc.get()
                .uri("/projects/trusted-page/export/counts" + query + "trusted")
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .exchange());
        Document trustedPreview = html(mvc.get()
                .uri("/projects/trusted-page/export/preview" + query + "trusted")
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .exchange());

        assertThat(everyone.select(".export-total").text()).isEqualTo("2");
        assertThat(everyone.select(".export-left-out")).isEmpty();
        assertThat(trusted.select(".export-total").text()).isEqualTo("1");
        assertThat(trusted.select(".export-left-out > span").first().text()).isEqualTo("1");
        assertThat(trusted.select(".export-left-out .muted").text()).matches("a-[0-9a-f]{16}");
        assertThat(trustedPreview.select("#export-curl").text()).contains("&annotators=trusted");
        assertThat(trustedPreview.select("#export-curl-snapshot").text()).contains("&annotators=trusted");
        assertThat(trustedPreview.select("#export-counts").attr("hx-get")).contains("&annotators=trusted");
    }

    @Test
    void anUnknownPolicyShowsAMessageInThePreview() {
        var refused = mvc.get()
                .uri("/projects/trusted-page/export/preview?format=trl&annotators=best")
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .exchange();

        Document message = RefusedPages.htmxMessage(refused, "#export-preview");
        assertThat(message.select(".flash-error > span").text())
                .isEqualTo("Choose everyone or trusted annotators only.");
    }

    @Test
    void aTrustedSnapshotFromThePageSaysHowManyWereLeftOutAndItsQuality() {
        html(mvc.post()
                .uri("/projects/trusted-page/export/snapshots")
                .param("format", "trl")
                .param("testRatio", "0")
                .param("annotators", "trusted")
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .with(csrf())
                .exchange());
        data.awaitSnapshotJobs();
        Document fragment = html(mvc.get()
                .uri("/projects/trusted-page/export/snapshots")
                .header("HX-Request", "true")
                .with(TestData.as(admin))
                .exchange());

        assertThat(fragment.select("#snapshots .snapshot-annotators").text()).isEqualTo("trusted only, 1 left out");
        assertThat(fragment.select("#snapshots .snapshot-quality dt"))
                .extracting(e -> e.text())
                .containsExactly("Agreement", "Krippendorff's alpha", "Gold accuracy");
        // both rank a > b: agreement and alpha 1; no gold rankings, so no accuracy
        assertThat(fragment.select("#snapshots .snapshot-quality dd"))
                .extracting(e -> e.text())
                .containsExactly("1.000", "1.000", "—");
    }

    @Test
    void theApiAnswers422ForAnUnknownPolicyNamingTheParameterAndTheAllowedValues() throws Exception {
        for (String path : List.of(
                "/api/v1/projects/trusted-page/exports/preferences?annotators=best",
                "/api/v1/projects/trusted-page/exports/sft?annotators=best")) {
            var refused = mvc.get().uri(path).with(TestData.as(admin)).exchange();

            assertThat(refused).hasStatus(422);
            JsonNode problem = json.readTree(refused.getResponse().getContentAsString());
            assertThat(problem.get("detail").asString()).isEqualTo("annotators must be all or trusted; got 'best'.");
            assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("annotators");
        }
        var snapshot = mvc.post()
                .uri("/api/v1/projects/trusted-page/snapshots?kind=preferences&annotators=best")
                .with(TestData.as(admin))
                .exchange();
        assertThat(snapshot).hasStatus(422);
        assertThat(jdbc.sql("SELECT count(*) FROM snapshot").query(Long.class).single())
                .isZero();
    }

    @Test
    void theApiFreezesATrustedSnapshotWhoseManifestNamesThePolicyAndWhoWasLeftOut() throws Exception {
        var created = mvc.post()
                .uri("/api/v1/projects/trusted-page/snapshots?kind=preferences&format=trl&annotators=trusted&wait=30")
                .with(TestData.as(admin))
                .exchange();

        assertThat(created).hasStatus(201);
        JsonNode manifest = json.readTree(created.getResponse().getContentAsString());
        assertThat(manifest.get("parameters").get("annotators").asString()).isEqualTo("trusted");
        assertThat(manifest.get("annotators").get("policy").asString()).isEqualTo("trusted");
        assertThat(manifest.get("annotators").get("leftOut").asInt()).isEqualTo(1);
        assertThat(manifest.get("annotators").get("leftOutPseudonyms").get(0).asString())
                .matches("a-[0-9a-f]{16}");
        assertThat(manifest.get("counts").get("train").asLong()
                        + manifest.get("counts").get("test").asLong())
                .isEqualTo(1);
        JsonNode quality = manifest.get("quality");
        assertThat(quality.get("rankings").asLong()).isEqualTo(2);
        assertThat(quality.get("agreement").get("withTies").asDouble()).isEqualTo(1.0);
        assertThat(quality.get("agreement").get("withTiesCi95")).hasSize(2);
        assertThat(quality.get("alpha").asDouble()).isEqualTo(1.0);
        assertThat(quality.get("gold").get("pairs").asLong()).isZero();
        assertThat(quality.get("gold").get("accuracy").isNull()).isTrue();
        assertThat(quality.get("goldByAnnotator")).isEmpty();
    }
}
