package dev.feedloop.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.RefusedPages;
import dev.feedloop.testsupport.TestData;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

@IntegrationTest
class EndpointPagesTests {

    static final String KEY = "sk-page-secret-4242abcd";

    @RegisterExtension
    static final ModelServer MODEL = new ModelServer("stub-page-model");

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    UserView admin;

    @BeforeEach
    void signIn() {
        admin = data.admin();
    }

    static Document html(MvcTestResult result) {
        return Jsoup.parse(new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
    }

    MockMvcRequestBuilder form(String uri, String name, String baseUrl, String apiKey) {
        return mvc.post()
                .uri(uri)
                .with(TestData.as(admin))
                .with(csrf())
                .param("name", name)
                .param("baseUrl", baseUrl)
                .param("model", "llama3.1:8b")
                .param("apiKey", apiKey)
                .param("temperature", "0.5")
                .param("topP", "")
                .param("maxTokens", "")
                .param("systemPrompt", "")
                .param("concurrencyLimit", "4")
                .param("requestsPerMinute", "60");
    }

    long create(String name, String apiKey) {
        assertThat(form("/admin/endpoints", name, MODEL.baseUrl(), apiKey)).hasStatus(302);
        return jdbc.sql("SELECT id FROM model_endpoint WHERE name = ?")
                .param(name)
                .query(Long.class)
                .single();
    }

    @Test
    void adminAddsAnEndpointThroughTheFormAndSeesOnlyTheKeysLastFourCharacters() {
        var created = form("/admin/endpoints", "Ollama", MODEL.baseUrl(), KEY).exchange();
        long id = jdbc.sql("SELECT id FROM model_endpoint").query(Long.class).single();
        assertThat(created).hasRedirectedUrl("/admin/endpoints/" + id);

        var list = mvc.get().uri("/admin/endpoints").with(TestData.as(admin)).exchange();
        assertThat(list).hasStatusOk();
        Document page = html(list);
        assertThat(page.select("table td a").text()).isEqualTo("Ollama");
        assertThat(page.select("table .badge").text()).isEqualTo("…abcd");
        assertThat(page.select("nav a[href=/admin/endpoints]")).hasSize(1);
        assertThat(page.html()).doesNotContain(KEY);

        Document edit = html(
                mvc.get().uri("/admin/endpoints/" + id).with(TestData.as(admin)).exchange());
        assertThat(edit.select("#apiKey").attr("value")).isEmpty();
        assertThat(edit.select("#apiKey-help").text()).contains("Stored key ends in abcd");
        assertThat(edit.select("#apiKey-help").text())
                .as("with a key stored, an empty field keeps it: no advice to leave it empty for no key")
                .doesNotContain("without a key");
        assertThat(edit.select("#temperature").val()).isEqualTo("0.50");
        assertThat(edit.select("input[name=clearApiKey]")).isNotEmpty();
        assertThat(edit.html()).doesNotContain(KEY);
    }

    @Test
    void aFormWithInvalidFieldsComesBackWithEveryMessageAndWithoutTheKey() {
        var result = mvc.post()
                .uri("/admin/endpoints")
                .with(TestData.as(admin))
                .with(csrf())
                .param("name", "")
                .param("baseUrl", MODEL.baseUrl())
                .param("model", "m")
                .param("apiKey", KEY)
                .param("temperature", "5")
                .param("concurrencyLimit", "0")
                .param("requestsPerMinute", "60")
                .exchange();
        assertThat(result).hasStatusOk();
        Document page = html(result);
        assertThat(page.select("#name-error").text()).isEqualTo("Required.");
        assertThat(page.select("#temperature-error").text()).contains("from 0 to 2");
        assertThat(page.select("#concurrencyLimit-error").text()).contains("from 1 to 1000");
        assertThat(page.select("#baseUrl").val()).isEqualTo(MODEL.baseUrl());
        assertThat(page.html()).doesNotContain(KEY);
    }

    @Test
    void aRefusedEndpointKeepsWhatWasTypedExceptTheKey() {
        var refused = form("/admin/endpoints", "Metadata", "http://169.254.169.254/v1", KEY)
                .exchange();
        Document page = RefusedPages.follow(mvc, refused, "/admin/endpoints/new", TestData.as(admin));
        assertThat(page.select("#baseUrl-error").text()).contains("169.254.169.254", "link-local");
        assertThat(page.select("#name").val()).isEqualTo("Metadata");
        assertThat(page.select("#temperature").val()).isEqualTo("0.5");
        assertThat(page.select("#apiKey").val()).isEmpty();
        assertThat(page.html()).doesNotContain(KEY);
        assertThat(jdbc.sql("""
                        SELECT count(*) FROM spring_session_attributes
                        WHERE position(convert_to(?, 'UTF8') IN attribute_bytes) > 0
                        """).param(KEY).query(Integer.class).single())
                .as("sessions holding the typed key")
                .isZero();
    }

    @Test
    void aSecondEndpointWithTheSameNameIsRefusedNextToTheName() {
        create("Twice", "");
        var refused = form("/admin/endpoints", "twice", MODEL.baseUrl(), "").exchange();
        Document page = RefusedPages.follow(mvc, refused, "/admin/endpoints/new", TestData.as(admin));
        assertThat(page.select("#name-error").text()).contains("twice", "exists already");
    }

    @Test
    void testConnectionAnswersTheResultForHtmxAndOnThePageOtherwise() {
        long id = create("Tested", "");
        var htmx = mvc.post()
                .uri("/admin/endpoints/" + id + "/test")
                .with(TestData.as(admin))
                .with(csrf())
                .header("HX-Request", "true")
                .exchange();
        assertThat(htmx).hasStatusOk();
        Document fragment =
                Jsoup.parseBodyFragment(new String(htmx.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8));
        assertThat(fragment.select(".flash-ok").text()).startsWith("Connected: stub-page-model answered in");
        assertThat(fragment.select("section, nav")).isEmpty();

        MODEL.answer(ModelServer.error(401));
        var plain = mvc.post()
                .uri("/admin/endpoints/" + id + "/test")
                .with(TestData.as(admin))
                .with(csrf())
                .exchange();
        Document page = RefusedPages.follow(mvc, plain, "/admin/endpoints/" + id, TestData.as(admin));
        assertThat(page.select("#test-result .flash-error").text()).contains("refused the API key (401)");
    }

    @Test
    void changingAnEndpointKeepsItsKeyUnlessAskedAndDeletingRemovesIt() {
        long id = create("Kept", KEY);
        assertThat(form("/admin/endpoints/" + id, "Kept", MODEL.baseUrl(), ""))
                .hasRedirectedUrl("/admin/endpoints/" + id);
        assertThat(jdbc.sql("SELECT api_key_last4 FROM model_endpoint")
                        .query(String.class)
                        .single())
                .isEqualTo("abcd");
        assertThat(form("/admin/endpoints/" + id, "Kept", MODEL.baseUrl(), "").param("clearApiKey", "true"))
                .hasStatus(302);
        assertThat(jdbc.sql("SELECT api_key_last4 FROM model_endpoint")
                        .query(String.class)
                        .optional())
                .isEmpty();

        assertThat(mvc.post()
                        .uri("/admin/endpoints/" + id + "/delete")
                        .with(TestData.as(admin))
                        .with(csrf()))
                .hasRedirectedUrl("/admin/endpoints");
        assertThat(jdbc.sql("SELECT count(*) FROM model_endpoint")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void pagesSpeakRussian() {
        long id = create("Русский", "");
        Document list = html(mvc.get()
                .uri("/admin/endpoints")
                .with(TestData.as(admin))
                .locale(Locale.forLanguageTag("ru"))
                .exchange());
        assertThat(list.select("h1").text()).isEqualTo("Подключения к моделям");
        assertThat(list.select("table button").text()).isEqualTo("Проверить подключение");
        Document edit = html(mvc.get()
                .uri("/admin/endpoints/" + id)
                .with(TestData.as(admin))
                .locale(Locale.forLanguageTag("ru"))
                .exchange());
        assertThat(edit.select("label[for=baseUrl]").text()).isEqualTo("Базовый адрес");
        assertThat(edit.select("label[for=concurrencyLimit]").text()).isEqualTo("Запросов одновременно");
    }

    @Test
    void peopleWhoAreNotSiteAdminsGet403() {
        long id = create("Private", "");
        UserView bob = data.user();
        assertThat(mvc.get().uri("/admin/endpoints").with(TestData.as(bob))).hasStatus(403);
        assertThat(mvc.get().uri("/admin/endpoints/new").with(TestData.as(bob))).hasStatus(403);
        assertThat(mvc.get().uri("/admin/endpoints/" + id).with(TestData.as(bob)))
                .hasStatus(403);
        assertThat(mvc.post()
                        .uri("/admin/endpoints/" + id + "/test")
                        .with(TestData.as(bob))
                        .with(csrf()))
                .hasStatus(403);
        assertThat(mvc.post()
                        .uri("/admin/endpoints/" + id + "/delete")
                        .with(TestData.as(bob))
                        .with(csrf()))
                .hasStatus(403);
        assertThat(MODEL.requests()).isEmpty();
        Document home = html(mvc.get().uri("/").with(TestData.as(bob)).exchange());
        assertThat(home.select("nav a[href=/admin/endpoints]")).isEmpty();
    }
}
