package dev.feedloop.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The log itself: append-only storage, the admin page's filters and the REST route's pages. */
@IntegrationTest
class AuditLogTests {

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    AuditLog audit;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JsonMapper json;

    @Autowired
    org.springframework.context.MessageSource messages;

    @Test
    void entriesCanBeNeitherChangedNorDeleted() {
        audit.record(AuditEntry.of(AuditAction.TOKEN_CREATED)
                .by(AuditActor.user(7, "alice"))
                .target("token:1"));
        assertThatThrownBy(() -> jdbc.sql("UPDATE audit_entry SET actor_name = 'mallory'")
                        .update())
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only: UPDATE refused");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_entry").update())
                .isInstanceOf(DataAccessException.class)
                .rootCause()
                .hasMessageContaining("append-only: DELETE refused");
        assertThat(jdbc.sql("SELECT actor_name FROM audit_entry")
                        .query(String.class)
                        .list())
                .containsExactly("alice");
    }

    /** The archiving statements of operations.md, "Audit log", as a superuser (the test database's user). */
    @Test
    void aSuperuserArchivesOldEntriesWithTriggersOffForOneSessionOnly() {
        audit.record(AuditEntry.of(AuditAction.TOKEN_CREATED).by(AuditActor.user(7, "alice")));
        audit.record(AuditEntry.of(AuditAction.TOKEN_REVOKED).by(AuditActor.user(7, "alice")));
        long newest =
                jdbc.sql("SELECT max(id) FROM audit_entry").query(Long.class).single();
        transactions.executeWithoutResult(status -> {
            jdbc.sql("SET LOCAL session_replication_role = replica").update();
            jdbc.sql("DELETE FROM audit_entry WHERE id < ?").param(newest).update();
        });
        assertThat(jdbc.sql("SELECT action FROM audit_entry")
                        .query(String.class)
                        .list())
                .containsExactly(AuditAction.TOKEN_REVOKED);
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM audit_entry").update()).isInstanceOf(DataAccessException.class);
    }

    @Test
    void anEntryIsWrittenInTheCallersTransactionOrOnItsOwn() {
        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
                    audit.record(AuditEntry.of(AuditAction.USER_CHANGED).by(AuditActor.system()));
                    audit.recordOnItsOwn(
                            AuditEntry.of(AuditAction.SIGN_IN_FAILED).by(AuditActor.named("x")));
                    throw new IllegalStateException("the change fails");
                }))
                .hasMessage("the change fails");
        assertThat(jdbc.sql("SELECT action FROM audit_entry")
                        .query(String.class)
                        .list())
                .containsExactly(AuditAction.SIGN_IN_FAILED);
        assertThatThrownBy(() -> audit.record(AuditEntry.of("made.up"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nonAdministratorsGet403FromThePageAndTheApi() {
        var bob = data.user();
        assertThat(mvc.get().uri("/admin/audit").with(TestData.as(bob))).hasStatus(403);
        assertThat(mvc.get().uri("/api/v1/audit").header("Authorization", TestData.basic(bob)))
                .hasStatus(403);
        assertThat(mvc.get().uri("/api/v1/audit")).hasStatus(401);
    }

    @Test
    void theApiPagesNewestFirstWithACursorAndFilters() throws Exception {
        var admin = data.admin();
        long project = data.project().slug("audited").create().id();
        for (int i = 1; i <= 5; i++) {
            audit.record(AuditEntry.of(AuditAction.GUIDELINES_PUBLISHED)
                    .by(AuditActor.user(admin.id(), admin.username()))
                    .project(project)
                    .target("guidelines:audited")
                    .with("version", i));
        }
        audit.record(AuditEntry.of(AuditAction.TOKEN_CREATED).by(AuditActor.user(99, "Someone")));

        JsonNode first = get("/api/v1/audit?action=guidelines.published&limit=2", admin.username());
        assertThat(versions(first)).containsExactly(5, 4);
        assertThat(first.get("entries").get(0).get("projectSlug").asString()).isEqualTo("audited");
        assertThat(first.get("entries").get(0).get("at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        assertThat(first.get("entries").get(0).get("actorName").asString()).isEqualTo(admin.username());
        long next = first.get("next").asLong();
        JsonNode second = get("/api/v1/audit?action=guidelines.published&limit=2&before=" + next, admin.username());
        assertThat(versions(second)).containsExactly(3, 2);
        JsonNode last = get(
                "/api/v1/audit?action=guidelines.published&limit=2&before="
                        + second.get("next").asLong(),
                admin.username());
        assertThat(versions(last)).containsExactly(1);
        assertThat(last.get("next").isNull()).isTrue();

        assertThat(get("/api/v1/audit?actor=someone", admin.username()).get("entries"))
                .singleElement()
                .satisfies(e -> assertThat(e.get("action").asString()).isEqualTo("token.created"));
        assertThat(get("/api/v1/audit?project=audited", admin.username()).get("entries"))
                .hasSize(5);
        assertThat(get("/api/v1/audit?project=elsewhere", admin.username()).get("entries"))
                .isEmpty();
        String today = Instant.now().toString().substring(0, 10);
        assertThat(get("/api/v1/audit?from=" + today + "&to=" + today, admin.username())
                        .get("entries"))
                .hasSize(6 + 1);
        assertThat(get("/api/v1/audit?to=2000-01-01T00:00:00Z", admin.username())
                        .get("entries"))
                .isEmpty();
    }

    @Test
    void badFiltersAnswer400NamingTheParameter() throws Exception {
        var admin = data.admin();
        MvcTestResult action = mvc.get()
                .uri("/api/v1/audit?action=nothing.such")
                .header("Authorization", TestData.basic(admin))
                .exchange();
        assertThat(action).hasStatus(400);
        assertThat(action).bodyJson().extractingPath("$.errors[0].field").isEqualTo("action");
        MvcTestResult from = mvc.get()
                .uri("/api/v1/audit?from=yesterday")
                .header("Authorization", TestData.basic(admin))
                .exchange();
        assertThat(from).hasStatus(400);
        assertThat(from).bodyJson().extractingPath("$.errors[0].field").isEqualTo("from");
        assertThat(mvc.get().uri("/api/v1/audit?limit=0").header("Authorization", TestData.basic(admin)))
                .hasStatus(400);
    }

    @Test
    void thePageFiltersByActorActionAndProjectAndAnswersHtmxWithTheResultsOnly() {
        var admin = data.admin();
        long project = data.project().slug("paged").create().id();
        audit.record(AuditEntry.of(AuditAction.MEMBER_REMOVED)
                .by(AuditActor.user(admin.id(), admin.username()))
                .project(project)
                .target("user:zed")
                .with("why", "left"));
        audit.record(AuditEntry.of(AuditAction.ENDPOINT_DELETED)
                .by(AuditActor.user(5, "other"))
                .target("endpoint:3"));

        Document all = page("/admin/audit", admin, false);
        assertThat(all.select("tr[data-entry-id]")).hasSize(3); // with the admin's creation
        // on a phone each row is a card, every cell under its column's name
        assertThat(all.select("table.table-cards tr[data-entry-id] td:not([data-label])"))
                .isEmpty();
        assertThat(all.select("tr[data-entry-id]").first().select("td").eachAttr("data-label"))
                .containsExactly("When", "Who", "Action", "Project", "Target", "Details", "Address and request");
        assertThat(all.select("select#audit-action option")).hasSize(AuditAction.ALL.size() + 1);

        Document removed = page("/admin/audit?action=member.removed", admin, false);
        assertThat(removed.select("tr[data-entry-id]")).singleElement().satisfies(row -> {
            assertThat(row.text()).contains(admin.username(), "Member removed", "paged", "user:zed", "why: left");
        });
        assertThat(removed.select("select#audit-action option[selected]").attr("value"))
                .isEqualTo("member.removed");
        assertThat(page("/admin/audit?actor=OTHER", admin, false).select("tr[data-entry-id]"))
                .singleElement()
                .satisfies(row -> assertThat(row.attr("data-action")).isEqualTo("endpoint.deleted"));
        assertThat(page("/admin/audit?project=paged", admin, false).select("tr[data-entry-id]"))
                .hasSize(1);

        Document fragment = page("/admin/audit?action=endpoint.deleted", admin, true);
        assertThat(fragment.select("#audit-results tr[data-entry-id]")).hasSize(1);
        assertThat(fragment.select("form#audit-filters")).isEmpty();
        assertThat(fragment.select("nav.topbar, header")).isEmpty();
    }

    @Test
    void aBadFilterOnThePageComesBackAsAMessageNotAnError() {
        var admin = data.admin();
        MvcTestResult refused = mvc.get()
                .uri("/admin/audit?from=someday")
                .with(TestData.as(admin))
                .exchange();
        assertThat(refused).hasRedirectedUrl("/admin/audit");
        assertThat(refused).flash().containsEntry("flashError", "audit.error.time");
    }

    @Test
    void thePageInRussian() throws Exception {
        var admin = data.admin();
        Document ru = Jsoup.parse(mvc.get()
                .uri("/admin/audit")
                .with(TestData.as(admin))
                .header("Accept-Language", "ru")
                .exchange()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(ru.select("h1").text()).isEqualTo("Журнал аудита");
        assertThat(ru.select("tr[data-entry-id]").text()).contains("Пользователь создан");
    }

    @Test
    void everyActionHasAnEnglishAndARussianLabel() {
        for (String action : AuditAction.ALL) {
            String english = messages.getMessage("audit.action." + action, null, null, java.util.Locale.ENGLISH);
            String russian =
                    messages.getMessage("audit.action." + action, null, null, java.util.Locale.forLanguageTag("ru"));
            assertThat(english).as(action).isNotBlank();
            assertThat(russian).as(action).isNotBlank().isNotEqualTo(english);
        }
    }

    private Document page(String uri, dev.feedloop.accounts.UserView admin, boolean htmx) {
        var request = mvc.get().uri(uri).with(TestData.as(admin));
        if (htmx) {
            request.header("HX-Request", "true");
        }
        MvcTestResult result = request.exchange();
        assertThat(result).hasStatusOk();
        try {
            return Jsoup.parse(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
        } catch (java.io.UnsupportedEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode get(String uri, String username) throws Exception {
        MvcTestResult result = mvc.get()
                .uri(uri)
                .header("Authorization", TestData.basic(username, TestData.PASSWORD))
                .exchange();
        assertThat(result).hasStatusOk();
        return json.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    private static List<Integer> versions(JsonNode page) {
        return page.get("entries")
                .valueStream()
                .map(e -> e.get("details").get("version").asInt())
                .toList();
    }
}
