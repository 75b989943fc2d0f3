package dev.feedloop.webhooks;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.TokenSecrets;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditEntry;
import dev.feedloop.audit.AuditLog;
import dev.feedloop.generation.KeyCipher;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A project's webhooks and their deliveries (site administrators). The secret ({@code whsec_} and
 * 32 random characters) is shown once, when the webhook is made or its secret rotated, and stored
 * encrypted with the server key ({@link KeyCipher}): it must be read back to sign.
 */
@Service
public class Webhooks {

    /** Deliveries per page of a webhook's deliveries. */
    public static final int PAGE_SIZE = 50;

    static final String SECRET_PREFIX = "whsec_";

    private static final String VIEW = """
            SELECT w.id, w.url, w.events, w.enabled, w.created_at, w.secret_rotated_at,
                   (SELECT count(*) FROM webhook_delivery d WHERE d.webhook_id = w.id AND d.state = 'PENDING') AS pending,
                   (SELECT count(*) FROM webhook_delivery d WHERE d.webhook_id = w.id AND d.state = 'FAILED') AS failed
            FROM webhook w
            """;

    private final JdbcClient jdbc;
    private final Projects projects;
    private final KeyCipher cipher;
    private final WebhookUrls urls;
    private final WebhookOutbox outbox;
    private final AuditLog audit;

    Webhooks(
            JdbcClient jdbc,
            Projects projects,
            KeyCipher cipher,
            WebhookUrls urls,
            WebhookOutbox outbox,
            AuditLog audit) {
        this.audit = audit;
        this.jdbc = jdbc;
        this.projects = projects;
        this.cipher = cipher;
        this.urls = urls;
        this.outbox = outbox;
    }

    /** The project's webhooks, oldest first. */
    @Transactional(readOnly = true)
    public List<WebhookView> list(String slug, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        return jdbc.sql(VIEW + " WHERE w.project_id = ? ORDER BY w.id")
                .param(project.id())
                .query(Webhooks::view)
                .list();
    }

    /** Whether this server can store signing secrets (it has a server key); without one, no webhook can be made. */
    public boolean secretsStorable() {
        return cipher.available();
    }

    private void requireServerKey() {
        if (!cipher.available()) {
            throw WebhookRefusals.noServerKey();
        }
    }

    /** One of the project's webhooks; 404 for another project's. */
    @Transactional(readOnly = true)
    public WebhookView get(String slug, long id, AccountPrincipal me) {
        return find(requireAdmin(slug, me), id);
    }

    /** Makes a webhook; the answer carries its secret, which is never shown again. */
    @Transactional
    public CreatedWebhook create(String slug, String url, Collection<String> events, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        String checked = urls.check(url);
        String[] types = events(events);
        requireServerKey();
        String secret = newSecret();
        long id = jdbc.sql("""
                        INSERT INTO webhook (project_id, url, secret_cipher, events, created_by)
                        VALUES (?, ?, ?, ?, ?) RETURNING id
                        """)
                .params(project.id(), checked, cipher.encrypt(secret), types, me.id())
                .query(Long.class)
                .single();
        audit.record(entry(AuditAction.WEBHOOK_CREATED, project, id, me)
                .with("url", checked)
                .with("events", String.join(",", types)));
        return new CreatedWebhook(find(project, id), secret);
    }

    /** Changes a webhook's URL and events; its secret and deliveries stay. */
    @Transactional
    public WebhookView update(String slug, long id, String url, Collection<String> events, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        find(project, id);
        String checked = urls.check(url);
        String[] types = events(events);
        jdbc.sql("UPDATE webhook SET url = ?, events = ? WHERE id = ? AND project_id = ?")
                .params(checked, types, id, project.id())
                .update();
        audit.record(entry(AuditAction.WEBHOOK_CHANGED, project, id, me)
                .with("url", checked)
                .with("events", String.join(",", types))
                .with("secretChanged", "no"));
        return find(project, id);
    }

    /**
     * Turns a webhook on or off. A disabled webhook gets no new deliveries, and its pending ones
     * fail at their next attempt (they can be redelivered once it is on again).
     */
    @Transactional
    public WebhookView setEnabled(String slug, long id, boolean enabled, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        find(project, id);
        jdbc.sql("UPDATE webhook SET enabled = ? WHERE id = ? AND project_id = ?")
                .params(enabled, id, project.id())
                .update();
        audit.record(entry(AuditAction.WEBHOOK_CHANGED, project, id, me)
                .with("enabled", enabled)
                .with("secretChanged", "no"));
        return find(project, id);
    }

    /** A new secret for the webhook, shown this once; the old one signs nothing from now on. */
    @Transactional
    public CreatedWebhook rotateSecret(String slug, long id, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        find(project, id);
        requireServerKey();
        String secret = newSecret();
        jdbc.sql("UPDATE webhook SET secret_cipher = ?, secret_rotated_at = now() WHERE id = ? AND project_id = ?")
                .params(cipher.encrypt(secret), id, project.id())
                .update();
        audit.record(entry(AuditAction.WEBHOOK_CHANGED, project, id, me).with("secretChanged", "yes"));
        return new CreatedWebhook(find(project, id), secret);
    }

    /** Deletes a webhook with its deliveries (their executions find nothing to send and end). */
    @Transactional
    public void delete(String slug, long id, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        find(project, id);
        jdbc.sql("DELETE FROM webhook WHERE id = ? AND project_id = ?")
                .params(id, project.id())
                .update();
        audit.record(entry(AuditAction.WEBHOOK_DELETED, project, id, me));
    }

    /** An audit entry about webhook {@code id}: never its secret. */
    private static AuditEntry entry(String action, ProjectSettings project, long id, AccountPrincipal me) {
        return AuditEntry.of(action)
                .by(me.id(), me.getUsername())
                .project(project.id())
                .target("webhook:" + id);
    }

    /** Sends a {@code webhook.test} event to this webhook (enabled or not is not asked). */
    @Transactional
    public DeliveryView sendTest(String slug, long id, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        WebhookView webhook = find(project, id);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("webhookId", webhook.id());
        data.put("sentBy", me.getUsername());
        UUID delivery = outbox.publishTo(webhook.id(), project.slug(), WebhookEvent.WEBHOOK_TEST, data);
        return delivery(webhook.id(), delivery);
    }

    /** A page of the webhook's deliveries, newest first, with their attempts. */
    @Transactional(readOnly = true)
    public DeliveryPage deliveries(String slug, long id, int page, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        WebhookView webhook = find(project, id);
        int from = Math.max(0, page);
        List<Long> ids = jdbc.sql("""
                        SELECT id FROM webhook_delivery WHERE webhook_id = ? ORDER BY id DESC LIMIT ? OFFSET ?
                        """)
                .params(webhook.id(), PAGE_SIZE + 1, (long) from * PAGE_SIZE)
                .query(Long.class)
                .list();
        List<DeliveryView> deliveries = new ArrayList<>();
        for (long deliveryId : ids.subList(0, Math.min(ids.size(), PAGE_SIZE))) {
            deliveries.add(delivery(deliveryId));
        }
        return new DeliveryPage(webhook, deliveries, from, ids.size() > PAGE_SIZE);
    }

    /** One of the webhook's deliveries. */
    @Transactional(readOnly = true)
    public DeliveryView delivery(String slug, long id, UUID deliveryId, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        return delivery(find(project, id).id(), deliveryId);
    }

    /**
     * Sends a delivered or failed delivery again, by hand: the same payload and delivery id, with a
     * new retry window. A delivery that is still being tried is refused (409).
     */
    @Transactional
    public DeliveryView redeliver(String slug, long id, UUID deliveryId, AccountPrincipal me) {
        ProjectSettings project = requireAdmin(slug, me);
        WebhookView webhook = find(project, id);
        long internal = internalId(webhook.id(), deliveryId);
        int reopened = jdbc.sql("""
                        UPDATE webhook_delivery
                        SET state = 'PENDING', retries_since = now(), next_attempt_at = now(), delivered_at = NULL
                        WHERE id = ? AND state IN ('DELIVERED', 'FAILED')
                        """).param(internal).update();
        if (reopened == 0 || !outbox.schedule(internal)) {
            throw WebhookRefusals.stillPending(deliveryId);
        }
        return delivery(internal);
    }

    private long internalId(long webhookId, UUID deliveryId) {
        return jdbc.sql("SELECT id FROM webhook_delivery WHERE webhook_id = ? AND public_id = ?")
                .params(webhookId, deliveryId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> WebhookRefusals.deliveryNotFound(deliveryId));
    }

    private DeliveryView delivery(long webhookId, UUID deliveryId) {
        return delivery(internalId(webhookId, deliveryId));
    }

    private DeliveryView delivery(long deliveryId) {
        List<DeliveryView.AttemptView> attempts = jdbc.sql("""
                        SELECT attempted_at, status_code, error, duration_ms FROM webhook_attempt
                        WHERE delivery_id = ? ORDER BY id
                        """)
                .param(deliveryId)
                .query((rs, n) -> new DeliveryView.AttemptView(
                        instant(rs, "attempted_at"),
                        (Integer) rs.getObject("status_code"),
                        rs.getString("error"),
                        rs.getInt("duration_ms")))
                .list();
        return jdbc.sql("""
                        SELECT public_id, event_type, state, attempts, created_at, next_attempt_at, delivered_at
                        FROM webhook_delivery WHERE id = ?
                        """)
                .param(deliveryId)
                .query((rs, n) -> new DeliveryView(
                        rs.getObject("public_id", UUID.class),
                        rs.getString("event_type"),
                        rs.getString("state"),
                        rs.getInt("attempts"),
                        instant(rs, "created_at"),
                        "PENDING".equals(rs.getString("state")) ? instant(rs, "next_attempt_at") : null,
                        instant(rs, "delivered_at"),
                        attempts))
                .single();
    }

    private WebhookView find(ProjectSettings project, long id) {
        return jdbc.sql(VIEW + " WHERE w.id = ? AND w.project_id = ?")
                .params(id, project.id())
                .query(Webhooks::view)
                .optional()
                .orElseThrow(() -> WebhookRefusals.notFound(id));
    }

    private ProjectSettings requireAdmin(String slug, AccountPrincipal me) {
        ProjectSettings project = projects.requireVisible(slug, me);
        if (!me.admin()) {
            throw WebhookRefusals.adminOnly();
        }
        return project;
    }

    private static String[] events(Collection<String> typed) {
        List<String> types = new ArrayList<>();
        for (String type : typed == null ? List.<String>of() : typed) {
            String name = type == null ? "" : type.strip();
            if (name.isEmpty()) {
                continue;
            }
            WebhookEvent event = WebhookEvent.subscribable(name).orElseThrow(() -> WebhookRefusals.unknownEvent(name));
            if (!types.contains(event.type())) {
                types.add(event.type());
            }
        }
        if (types.isEmpty()) {
            throw WebhookRefusals.noEvents();
        }
        return types.toArray(String[]::new);
    }

    private static String newSecret() {
        return SECRET_PREFIX + TokenSecrets.random(32);
    }

    private static WebhookView view(ResultSet rs, int row) throws SQLException {
        return new WebhookView(
                rs.getLong("id"),
                rs.getString("url"),
                List.of((String[]) rs.getArray("events").getArray()),
                rs.getBoolean("enabled"),
                instant(rs, "created_at"),
                instant(rs, "secret_rotated_at"),
                rs.getLong("pending"),
                rs.getLong("failed"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
