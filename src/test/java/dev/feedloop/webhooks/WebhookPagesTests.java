package dev.feedloop.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;

import dev.feedloop.accounts.ApiTokens;
import dev.feedloop.accounts.UserView;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.testsupport.AuditEntries;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.RefusedPages;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The webhooks page and REST API: administrators only, per project, the secret shown once and stored encrypted. */
@IntegrationTest
class WebhookPagesTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestData data;

    @Autowired
    ApiTokens apiTokens;

    UserView admin;
    String adminToken;
    UserView labeler;
    String labelerToken;
    TestProject project;
    TestProject other;

    @BeforeEach
    void setUp() {
        admin = data.admin();
        adminToken = apiTokens.create(admin.id(), "admin").token();
        project = data.project().demonstrations(1).rankings(0).create();
        other = data.project().demonstrations(1).rankings(0).create();
        labeler = data.user();
        data.member(project, labeler, "LABELER");
        labelerToken = apiTokens.create(labeler.id(), "labeler").token();
    }

    JsonNode body(MvcTestResult result) {
        return json.readTree(result.getResponse().getContentAsByteArray());
    }

    MvcTestResult create(TestProject in, String token, String content) {
        return mvc.post()
                .uri("/api/v1/projects/" + in.slug() + "/webhooks")
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(content)
                .exchange();
    }

    long createdId(TestProject in) {
        MvcTestResult created = create(in, adminToken, """
                {"url": "https://example.com/hook", "events": ["item.completed", "snapshot.created"]}
                """);
        assertThat(created).hasStatus(HttpStatus.CREATED);
        return body(created).get("webhook").get("id").asLong();
    }

    @Test
    void theSecretIsInTheCreateAnswerOnlyAndStoredEncrypted() throws Exception {
        MvcTestResult created = create(project, adminToken, """
                {"url": "https://example.com/hook", "events": ["annotator.paused"]}
                """);
        assertThat(created).hasStatus(HttpStatus.CREATED);
        String secret = body(created).get("secret").asString();
        assertThat(secret).startsWith("whsec_").hasSize(38);
        long id = body(created).get("webhook").get("id").asLong();

        MvcTestResult list = mvc.get()
                .uri("/api/v1/projects/" + project.slug() + "/webhooks")
                .header("Authorization", "Bearer " + adminToken)
                .exchange();
        assertThat(list).hasStatusOk();
        assertThat(list.getResponse().getContentAsString()).doesNotContain(secret.substring(6));
        assertThat(body(list).get(0).get("events").get(0).asString()).isEqualTo("annotator.paused");
        byte[] stored = jdbc.sql("SELECT secret_cipher FROM webhook WHERE id = ?")
                .param(id)
                .query(byte[].class)
                .single();
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(secret.substring(6));

        MvcTestResult rotated = mvc.post()
                .uri("/api/v1/projects/" + project.slug() + "/webhooks/" + id + "/rotate-secret")
                .header("Authorization", "Bearer " + adminToken)
                .exchange();
        assertThat(rotated).hasStatusOk();
        String rotatedSecret = body(rotated).get("secret").asString();
        assertThat(rotatedSecret).startsWith("whsec_").isNotEqualTo(secret);
        assertThat(mvc.delete()
                        .uri("/api/v1/projects/" + project.slug() + "/webhooks/" + id)
                        .header("Authorization", "Bearer " + adminToken))
                .hasStatus2xxSuccessful();

        // the audit log names the webhook and who changed it, never a secret
        var made = AuditEntries.one(jdbc, AuditAction.WEBHOOK_CREATED);
        assertThat(made.projectId()).isEqualTo(project.id());
        assertThat(made.target()).isEqualTo("webhook:" + id);
        assertThat(made.details()).contains("\"url\": \"https://example.com/hook\"", "annotator.paused");
        assertThat(AuditEntries.one(jdbc, AuditAction.WEBHOOK_CHANGED).details())
                .isEqualTo("{\"secretChanged\": \"yes\"}");
        assertThat(AuditEntries.one(jdbc, AuditAction.WEBHOOK_DELETED).target()).isEqualTo("webhook:" + id);
        assertThat(AuditEntries.everything(jdbc)).doesNotContain(secret.substring(6), rotatedSecret.substring(6));
    }

    @Test
    void aLabelerIsRefusedOnEveryRoute() {
        long id = createdId(project);
        String base = "/api/v1/projects/" + project.slug() + "/webhooks";

        assertThat(mvc.get().uri(base).header("Authorization", "Bearer " + labelerToken))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(create(project, labelerToken, """
                        {"url": "https://example.com/hook", "events": ["item.completed"]}
                        """)).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.get().uri(base + "/" + id + "/deliveries").header("Authorization", "Bearer " + labelerToken))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.get().uri("/projects/" + project.slug() + "/webhooks").with(TestData.as(labeler)))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(mvc.post()
                        .uri("/projects/" + project.slug() + "/webhooks/" + id + "/delete")
                        .with(TestData.as(labeler))
                        .with(csrf()))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(jdbc.sql("SELECT count(*) FROM webhook").query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void anotherProjectsWebhookIsNotFound() {
        long id = createdId(other);
        String base = "/api/v1/projects/" + project.slug() + "/webhooks/" + id;

        assertThat(mvc.get().uri(base).header("Authorization", "Bearer " + adminToken))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.delete().uri(base).header("Authorization", "Bearer " + adminToken))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.post().uri(base + "/test").header("Authorization", "Bearer " + adminToken))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(mvc.get()
                        .uri("/projects/" + project.slug() + "/webhooks/" + id + "/deliveries")
                        .with(TestData.as(admin)))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(jdbc.sql("SELECT count(*) FROM webhook WHERE id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void badInputNamesTheField() {
        MvcTestResult scheme = create(project, adminToken, """
                {"url": "ftp://example.com/hook", "events": ["item.completed"]}
                """);
        assertThat(scheme).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(scheme).get("errors").get(0).get("field").asString()).isEqualTo("url");
        MvcTestResult none = create(project, adminToken, """
                {"url": "https://example.com/hook", "events": []}
                """);
        assertThat(none).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(none).get("errors").get(0).get("field").asString()).isEqualTo("events");
        MvcTestResult unknown = create(project, adminToken, """
                {"url": "https://example.com/hook", "events": ["item.deleted"]}
                """);
        assertThat(unknown).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(unknown).get("detail").asString()).isEqualTo("There is no event item.deleted.");
        assertThat(jdbc.sql("SELECT count(*) FROM webhook").query(Long.class).single())
                .isZero();
    }

    @Test
    void aWebhookAddedOnThePageShowsItsSecretOnceAndIsListed() throws Exception {
        String page = "/projects/" + project.slug() + "/webhooks";
        MvcTestResult created = mvc.post()
                .uri(page)
                .with(TestData.as(admin))
                .with(csrf())
                .param("url", "https://example.com/feedloop")
                .param("events", "item.completed", "feedback.fixed")
                .exchange();
        assertThat(created).hasStatus(HttpStatus.FOUND).hasRedirectedUrl(page);
        String secret = (String) created.getMvcResult().getFlashMap().get("createdSecret");
        assertThat(secret).startsWith("whsec_");

        MvcTestResult shown = mvc.get()
                .uri(page)
                .with(TestData.as(admin))
                .cookie(created.getResponse().getCookies())
                .exchange();
        Document once = Jsoup.parse(shown.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(once.select("[data-created-secret] .token-secret").text()).isEqualTo(secret);
        String copied =
                once.select("[data-created-secret] button[data-copy-target]").attr("data-copy-target");
        assertThat(once.select(copied).text()).isEqualTo(secret);
        MvcTestResult again = mvc.get().uri(page).with(TestData.as(admin)).exchange();
        Document listed = Jsoup.parse(again.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(listed.html()).doesNotContain(secret);
        assertThat(listed.select("[data-webhooks] tbody tr")).hasSize(1);
        assertThat(listed.select("[data-webhooks] tbody tr .badge").eachText())
                .contains("item.completed", "feedback.fixed");
        assertThat(listed.select("nav.tabs a[aria-current=page]").text()).isEqualTo("Webhooks");
        long id = jdbc.sql("SELECT id FROM webhook").query(Long.class).single();
        assertThat(listed.select("form[action$=/delete]").attr("data-confirm"))
                .isEqualTo("Delete webhook " + id + " and all its deliveries? This cannot be undone.");
        assertThat(listed.select("form[action$=/rotate-secret]").attr("data-confirm"))
                .startsWith("Make a new secret for webhook " + id + "?");
        assertThat(listed.select("[data-no-server-key]")).isEmpty();
    }

    @Test
    void aWebhookDeletedInAnotherTabComesBackToTheListWithAMessage() {
        String page = "/projects/" + project.slug() + "/webhooks";
        long id = createdId(project);
        assertThat(mvc.post()
                        .uri(page + "/" + id + "/delete")
                        .with(TestData.as(admin))
                        .with(csrf()))
                .hasRedirectedUrl(page);
        for (String action : List.of("/rotate-secret", "/delete", "/test")) {
            MvcTestResult stale = mvc.post()
                    .uri(page + "/" + id + action)
                    .with(TestData.as(admin))
                    .with(csrf())
                    .exchange();
            Document shown = RefusedPages.follow(mvc, stale, page, TestData.as(admin));
            assertThat(shown.select(".flash-error").text())
                    .as(action)
                    .contains("Webhook " + id + " no longer exists: it was deleted, perhaps in another tab.");
        }
    }

    @Test
    void aRefusedAddComesBackWithTheUrlAndTheEventsChosen() throws Exception {
        String page = "/projects/" + project.slug() + "/webhooks";
        MvcTestResult refused = mvc.post()
                .uri(page)
                .with(TestData.as(admin))
                .with(csrf())
                .param("url", "ftp://example.com/feedloop")
                .param("events", "item.completed", "annotator.paused")
                .exchange();
        Document shown = RefusedPages.follow(mvc, refused, page, TestData.as(admin));
        assertThat(shown.select(".flash-error").text()).contains("The URL must start with http:// or https://.");
        assertThat(shown.select("form[data-webhook-add] #url").val()).isEqualTo("ftp://example.com/feedloop");
        assertThat(shown.select("form[data-webhook-add] input[name=events][checked]")
                        .eachAttr("value"))
                .containsExactly("item.completed", "annotator.paused");
    }

    @Test
    void aRefusedUrlOnThePageComesBackWithTheMessage() {
        String page = "/projects/" + project.slug() + "/webhooks";
        MvcTestResult refused = mvc.post()
                .uri(page)
                .with(TestData.as(admin))
                .with(csrf())
                .param("url", "ftp://example.com/feedloop")
                .param("events", "item.completed")
                .exchange();
        assertThat(refused)
                .hasStatus(HttpStatus.FOUND)
                .hasRedirectedUrl(page)
                .flash()
                .containsEntry("flashError", "webhooks.error.urlScheme");
    }

    @Test
    void theDeliveriesPageListsAttemptsAndOffersRedelivery() throws Exception {
        long id = createdId(project);
        long delivery = jdbc.sql("""
                        INSERT INTO webhook_delivery (public_id, webhook_id, event_type, payload, state, attempts)
                        VALUES (gen_random_uuid(), ?, 'item.completed', '{}', 'FAILED', 1) RETURNING id
                        """).param(id).query(Long.class).single();
        jdbc.sql("INSERT INTO webhook_attempt (delivery_id, status_code, duration_ms) VALUES (?, 502, 7)")
                .param(delivery)
                .update();

        MvcTestResult shown = mvc.get()
                .uri("/projects/" + project.slug() + "/webhooks/" + id + "/deliveries")
                .with(TestData.as(admin))
                .exchange();
        assertThat(shown).hasStatusOk();
        Document page = Jsoup.parse(shown.getResponse().getContentAsString(StandardCharsets.UTF_8));
        assertThat(page.select("[data-deliveries] tbody tr")).hasSize(1);
        assertThat(page.select("[data-deliveries] .attempts li").text()).contains("HTTP 502", "7 ms");
        assertThat(page.select("[data-deliveries] form button").text()).isEqualTo("Redeliver");
    }
}
