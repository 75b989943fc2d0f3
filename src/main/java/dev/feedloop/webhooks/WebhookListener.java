package dev.feedloop.webhooks;

import dev.feedloop.accounts.Users;
import dev.feedloop.export.SnapshotCreated;
import dev.feedloop.feedback.FeedbackFixed;
import dev.feedloop.generation.GenerationRunFinished;
import dev.feedloop.ingest.Items;
import dev.feedloop.projects.MemberPaused;
import dev.feedloop.review.DemonstrationReviewed;
import dev.feedloop.workqueue.ItemCompleted;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the other modules' events into deliveries, in the events' transactions (docs/webhooks.md
 * describes each payload's {@code data}).
 */
@Component
class WebhookListener {

    private final WebhookOutbox outbox;
    private final Items items;
    private final Users users;

    WebhookListener(WebhookOutbox outbox, Items items, Users users) {
        this.outbox = outbox;
        this.items = items;
        this.users = users;
    }

    /** Once per item and webhook: an item that completes again later is not sent again. */
    @EventListener
    void on(ItemCompleted event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("itemId", event.itemId());
        data.put("externalId", items.get(event.itemId()).externalId());
        outbox.publish(event.projectId(), WebhookEvent.ITEM_COMPLETED, data, "item:" + event.itemId());
    }

    @EventListener
    void on(DemonstrationReviewed event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("demonstrationId", event.demonstrationId());
        data.put("itemId", event.itemId());
        data.put("externalId", items.get(event.itemId()).externalId());
        data.put("decision", event.decision().name());
        data.put("reviewer", users.get(event.reviewerId()).username());
        data.put("editedDemonstrationId", event.editedDemonstrationId());
        outbox.publish(event.projectId(), WebhookEvent.DEMONSTRATION_REVIEWED, data, null);
    }

    @EventListener
    void on(SnapshotCreated event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("snapshotId", event.snapshotId());
        data.put("kind", event.kind());
        data.put("format", event.format());
        data.put("rows", event.rows());
        outbox.publish(event.projectId(), WebhookEvent.SNAPSHOT_CREATED, data, null);
    }

    @EventListener
    void on(FeedbackFixed event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("traceId", event.traceId());
        data.put("itemId", event.itemId());
        data.put("externalId", items.get(event.itemId()).externalId());
        data.put("demonstrationId", event.demonstrationId());
        outbox.publish(event.projectId(), WebhookEvent.FEEDBACK_FIXED, data, null);
    }

    @EventListener
    void on(GenerationRunFinished event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("runId", event.runId());
        data.put("kind", event.kind());
        data.put("done", event.done());
        data.put("failed", event.failed());
        outbox.publish(event.projectId(), WebhookEvent.GENERATION_FINISHED, data, null);
    }

    @EventListener
    void on(MemberPaused event) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("username", users.get(event.userId()).username());
        data.put("reason", event.reason());
        data.put("accuracy", event.accuracy());
        outbox.publish(event.projectId(), WebhookEvent.ANNOTATOR_PAUSED, data, null);
    }
}
