package dev.feedloop.webhooks;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.ExecutionContext;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.feedloop.generation.KeyCipher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Posts deliveries (task {@code webhook-delivery}, instance = the delivery's row id). An execution
 * reads the delivery in one short transaction, posts it with no transaction open, and records the
 * attempt and the outcome in another: a 2xx answer is DELIVERED; anything else is tried again after
 * {@link WebhookProperties#backoffAfter(int)} (the same execution, rescheduled) until the retry
 * window ({@link WebhookProperties#maxAge()}) would be passed, then it is FAILED. A delivery that
 * is not PENDING when its execution starts (delivered already, or deleted) is not sent again.
 *
 * <p>db-scheduler runs each execution on one server at a time, so servers sharing a database post
 * each delivery once; only a server dying between the receiver's answer and the second transaction
 * makes the execution run again elsewhere and post the same delivery twice (same {@code
 * Feedloop-Delivery}: receivers drop the repeat).
 */
@Configuration(proxyBeanMethods = false)
class DeliveryWorker {

    static final String TASK = "webhook-delivery";
    private static final MediaType JSON = MediaType.get("application/json");
    private static final int MAX_ERROR = 500;
    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

    private final JdbcClient jdbc;
    private final KeyCipher cipher;
    private final WebhookUrls urls;
    private final WebhookProperties properties;
    private final TransactionTemplate transactions;
    private final MeterRegistry meters;

    DeliveryWorker(
            JdbcClient jdbc,
            KeyCipher cipher,
            WebhookUrls urls,
            WebhookProperties properties,
            PlatformTransactionManager transactions,
            MeterRegistry meters) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.urls = urls;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactions);
        this.meters = meters;
    }

    @Bean
    CustomTask<Void> webhookDeliveryTask() {
        return Tasks.custom(TASK, Void.class)
                .onFailureReschedule(Schedules.fixedDelay(Duration.ofSeconds(30)))
                .execute(this::execute);
    }

    record Outgoing(long id, UUID publicId, String type, String body, String url, String secret, boolean enabled) {}

    /** What an attempt got: the status code, or the error when there was no answer. */
    record Answer(Integer statusCode, String error, int durationMs) {
        boolean delivered() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    CompletionHandler<Void> execute(TaskInstance<Void> instance, ExecutionContext context) {
        long id = Long.parseLong(instance.getId());
        Optional<Outgoing> outgoing = transactions.execute(status -> read(id));
        if (outgoing.isEmpty()) {
            return new CompletionHandler.OnCompleteRemove<>();
        }
        Answer answer =
                outgoing.get().enabled() ? post(outgoing.get()) : new Answer(null, "the webhook is disabled", 0);
        Optional<Instant> next = transactions.execute(status -> record(outgoing.get(), answer));
        if (next.isPresent()) {
            Instant at = next.get();
            return (complete, operations) -> operations.reschedule(complete, at);
        }
        return new CompletionHandler.OnCompleteRemove<>();
    }

    private Optional<Outgoing> read(long id) {
        return jdbc.sql("""
                        SELECT d.id, d.public_id, d.event_type, d.payload::text AS body, w.url, w.secret_cipher, w.enabled
                        FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id
                        WHERE d.id = ? AND d.state = 'PENDING'
                        """)
                .param(id)
                .query((rs, n) -> new Outgoing(
                        rs.getLong("id"),
                        rs.getObject("public_id", UUID.class),
                        rs.getString("event_type"),
                        rs.getString("body"),
                        rs.getString("url"),
                        cipher.decrypt(rs.getBytes("secret_cipher")),
                        rs.getBoolean("enabled")))
                .optional();
    }

    private Answer post(Outgoing delivery) {
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        long t = Instant.now().getEpochSecond();
        Request request = new Request.Builder()
                .url(delivery.url())
                .post(RequestBody.create(body, JSON))
                .header("User-Agent", "Feedloop-Webhooks/1")
                .header("Feedloop-Event", delivery.type())
                .header("Feedloop-Delivery", delivery.publicId().toString())
                .header("Feedloop-Signature", WebhookSignature.header(delivery.secret(), t, body))
                .build();
        long start = System.nanoTime();
        try (Response response = urls.client().newCall(request).execute()) {
            return new Answer(response.code(), null, millisSince(start));
        } catch (IOException | IllegalArgumentException e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Answer(
                    null, error.length() > MAX_ERROR ? error.substring(0, MAX_ERROR) : error, millisSince(start));
        }
    }

    private static int millisSince(long start) {
        return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - start) / 1_000_000);
    }

    /** Records the attempt and the outcome; when it is tried again. */
    private Optional<Instant> record(Outgoing delivery, Answer answer) {
        jdbc.sql("INSERT INTO webhook_attempt (delivery_id, status_code, error, duration_ms) VALUES (?, ?, ?, ?)")
                .params(delivery.id(), answer.statusCode(), answer.error(), answer.durationMs())
                .update();
        if (answer.delivered()) {
            jdbc.sql("""
                            UPDATE webhook_delivery
                            SET state = 'DELIVERED', attempts = attempts + 1, delivered_at = now(), next_attempt_at = NULL
                            WHERE id = ? AND state = 'PENDING'
                            """).param(delivery.id()).update();
            count("delivered");
            return Optional.empty();
        }
        Retry retry = jdbc.sql("""
                        SELECT attempts + 1 AS attempts, retries_since FROM webhook_delivery WHERE id = ? FOR UPDATE
                        """)
                .param(delivery.id())
                .query((rs, n) -> new Retry(
                        rs.getInt("attempts"), rs.getTimestamp("retries_since").toInstant()))
                .single();
        Instant next = Instant.now().plus(properties.backoffAfter(retry.attempts()));
        boolean giveUp = !delivery.enabled() || next.isAfter(retry.since().plus(properties.maxAge()));
        jdbc.sql("""
                        UPDATE webhook_delivery SET state = ?, attempts = attempts + 1, next_attempt_at = ?
                        WHERE id = ? AND state = 'PENDING'
                        """)
                .params(giveUp ? "FAILED" : "PENDING", giveUp ? null : java.sql.Timestamp.from(next), delivery.id())
                .update();
        if (giveUp) {
            log.info("Webhook delivery {} failed after {} attempts", delivery.publicId(), retry.attempts());
            count("failed");
            return Optional.empty();
        }
        count("retried");
        return Optional.of(next);
    }

    private record Retry(int attempts, Instant since) {}

    private void count(String outcome) {
        Counter.builder("feedloop.webhook.deliveries")
                .description(
                        "Webhook delivery attempts by outcome: delivered, retried (tried again later), failed (gave up)")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }
}
