package dev.feedloop.webhooks;

import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import dev.feedloop.jobs.Jobs;
import dev.feedloop.projects.Projects;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes deliveries: one {@code webhook_delivery} row per webhook, with its execution of the task
 * {@code webhook-delivery}, both in the caller's transaction (the event's): an event whose
 * transaction rolls back leaves no delivery, and a committed one always has its execution.
 */
@Component
class WebhookOutbox {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Projects projects;
    private final Jobs jobs;
    private final CustomTask<Void> task;

    WebhookOutbox(
            JdbcClient jdbc,
            JsonMapper json,
            Projects projects,
            Jobs jobs,
            @Qualifier("webhookDeliveryTask") CustomTask<Void> task) {
        this.jdbc = jdbc;
        this.json = json;
        this.projects = projects;
        this.jobs = jobs;
        this.task = task;
    }

    /**
     * One delivery of the event to each enabled webhook of the project that receives {@code event}.
     * With a {@code dedupeKey}, a webhook that has a delivery with that key already gets none.
     */
    void publish(long projectId, WebhookEvent event, Map<String, Object> data, String dedupeKey) {
        List<Long> webhooks =
                jdbc.sql("""
                        SELECT id FROM webhook WHERE project_id = ? AND enabled AND ? = ANY (events) ORDER BY id
                        """).params(projectId, event.type()).query(Long.class).list();
        if (webhooks.isEmpty()) {
            return;
        }
        String slug = projects.get(projectId).slug();
        for (long webhookId : webhooks) {
            write(webhookId, slug, event, data, dedupeKey);
        }
    }

    /** One delivery to this webhook alone (the test event); its id. */
    UUID publishTo(long webhookId, String slug, WebhookEvent event, Map<String, Object> data) {
        return write(webhookId, slug, event, data, null);
    }

    /** Schedules the delivery's execution again (a redelivery); false when one is scheduled already. */
    boolean schedule(long deliveryId) {
        return jobs.scheduleIfAbsent(task.schedulableInstance(String.valueOf(deliveryId)));
    }

    private UUID write(long webhookId, String slug, WebhookEvent event, Map<String, Object> data, String dedupeKey) {
        UUID id = UUID.randomUUID();
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("id", id.toString());
        payload.put("type", event.type());
        payload.put("createdAt", Instant.now().toString());
        payload.put("project", slug);
        payload.put("data", data);
        jdbc.sql("""
                        INSERT INTO webhook_delivery (public_id, webhook_id, event_type, payload, dedupe_key, next_attempt_at)
                        VALUES (?, ?, ?, ?::jsonb, ?, now())
                        ON CONFLICT (webhook_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
                        RETURNING id
                        """)
                .params(id, webhookId, event.type(), json.writeValueAsString(payload), dedupeKey)
                .query(Long.class)
                .optional()
                .ifPresent(this::schedule);
        return id;
    }
}
