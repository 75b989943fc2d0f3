package dev.feedloop.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.UserView;
import dev.feedloop.problems.Refusal;
import dev.feedloop.projects.Members;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.TestData;
import dev.feedloop.testsupport.TestData.TestProject;
import dev.feedloop.workqueue.ItemCompleted;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Deliveries to a real HTTP receiver on this machine: signed as documented, retried after a 500,
 * failed once the retry window (4 s in tests) has passed, redelivered by hand, and written in the
 * event's transaction only.
 */
@IntegrationTest
class WebhookDeliveryTests {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    Webhooks webhooks;

    @Autowired
    Members members;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    PlatformTransactionManager transactions;

    AccountPrincipal admin;
    TestProject project;
    UserView labeler;

    @BeforeEach
    void setUp() {
        admin = TestData.principal(data.admin());
        project = data.project().demonstrations(1).rankings(0).create();
        labeler = data.user();
        data.member(project, labeler, "LABELER");
    }

    CreatedWebhook hook(Receiver receiver, String... events) {
        return webhooks.create(project.slug(), receiver.url(), List.of(events), admin);
    }

    String state(long webhookId) {
        return jdbc.sql(
                        "SELECT coalesce(string_agg(state, ',' ORDER BY id), 'none') FROM webhook_delivery WHERE webhook_id = ?")
                .param(webhookId)
                .query(String.class)
                .single();
    }

    /** The documented recipe: hex HMAC-SHA256 keyed with the secret over t + "." + the raw body. */
    static String expectedSignature(String secret, String t, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPausedAnnotatorIsPostedSignedWithTheDocumentedRecipe() throws Exception {
        try (Receiver receiver = new Receiver()) {
            CreatedWebhook created = hook(receiver, "annotator.paused");

            members.pause(project.slug(), labeler.username(), admin);

            Receiver.await(WAIT, () -> receiver.requests() == 1, "one post");
            Receiver.Received post = receiver.received().getFirst();
            assertThat(post.event()).isEqualTo("annotator.paused");
            Map<String, String> signature = Receiver.signatureParts(post.signature());
            assertThat(Long.parseLong(signature.get("t")))
                    .isBetween(System.currentTimeMillis() / 1000 - 60, System.currentTimeMillis() / 1000 + 1);
            assertThat(signature.get("v1"))
                    .isEqualTo(expectedSignature(created.secret(), signature.get("t"), post.body()));
            assertThat(signature.get("v1"))
                    .isNotEqualTo(expectedSignature(created.secret() + "x", signature.get("t"), post.body()));
            JsonNode payload = json.readTree(post.body());
            assertThat(payload.get("id").asString()).isEqualTo(post.delivery());
            assertThat(payload.get("type").asString()).isEqualTo("annotator.paused");
            assertThat(payload.get("project").asString()).isEqualTo(project.slug());
            assertThat(payload.get("createdAt").asString()).isNotBlank();
            assertThat(payload.get("data").get("username").asString()).isEqualTo(labeler.username());
            assertThat(payload.get("data").get("reason").asString()).isEqualTo("MANUAL");
            Receiver.await(
                    WAIT, () -> "DELIVERED".equals(state(created.webhook().id())), "delivered");
            DeliveryView delivery = webhooks.deliveries(
                            project.slug(), created.webhook().id(), 0, admin)
                    .deliveries()
                    .getFirst();
            assertThat(delivery.id()).isEqualTo(UUID.fromString(post.delivery()));
            assertThat(delivery.attempts()).isEqualTo(1);
            assertThat(delivery.attemptList())
                    .extracting(DeliveryView.AttemptView::statusCode)
                    .containsExactly(200);
        }
    }

    @Test
    void aFiveHundredIsTriedAgainWithTheSameDeliveryId() {
        try (Receiver receiver = new Receiver(500)) {
            CreatedWebhook created = hook(receiver, "annotator.paused");

            members.pause(project.slug(), labeler.username(), admin);

            Receiver.await(
                    WAIT, () -> "DELIVERED".equals(state(created.webhook().id())), "delivered");
            List<Receiver.Received> posts = receiver.received();
            assertThat(posts).hasSize(2);
            assertThat(posts.get(1).delivery()).isEqualTo(posts.get(0).delivery());
            assertThat(posts.get(1).body()).isEqualTo(posts.get(0).body());
            DeliveryView delivery = webhooks.deliveries(
                            project.slug(), created.webhook().id(), 0, admin)
                    .deliveries()
                    .getFirst();
            assertThat(delivery.attempts()).isEqualTo(2);
            assertThat(delivery.attemptList())
                    .extracting(DeliveryView.AttemptView::statusCode)
                    .containsExactly(500, 200);
        }
    }

    @Test
    void aDeliveryFailsAfterTheRetryWindowAndCanBeRedelivered() {
        Integer[] errors = new Integer[200];
        java.util.Arrays.fill(errors, 503);
        try (Receiver receiver = new Receiver(errors)) {
            CreatedWebhook created = hook(receiver, "annotator.paused");
            members.pause(project.slug(), labeler.username(), admin);

            Receiver.await(WAIT, () -> "FAILED".equals(state(created.webhook().id())), "failed");
            int tries = receiver.requests();
            assertThat(tries).isGreaterThanOrEqualTo(3);
            DeliveryView failed = webhooks.deliveries(
                            project.slug(), created.webhook().id(), 0, admin)
                    .deliveries()
                    .getFirst();
            assertThat(failed.state()).isEqualTo("FAILED");
            assertThat(failed.nextAttemptAt()).isNull();
            assertThat(failed.attemptList()).hasSize(tries).allMatch(a -> a.statusCode() == 503);

            receiver.answerOk();
            DeliveryView again =
                    webhooks.redeliver(project.slug(), created.webhook().id(), failed.id(), admin);

            assertThat(again.state()).isEqualTo("PENDING");
            Receiver.await(
                    WAIT, () -> "DELIVERED".equals(state(created.webhook().id())), "redelivered");
            assertThat(receiver.received().getLast().delivery())
                    .isEqualTo(failed.id().toString());
            assertThat(receiver.requests()).isEqualTo(tries + 1);
        }
    }

    @Test
    void aPendingDeliveryIsNotRedelivered() {
        try (Receiver receiver = new Receiver()) {
            CreatedWebhook created = hook(receiver, "annotator.paused");
            UUID id = transaction(() -> {
                members.pause(project.slug(), labeler.username(), admin);
                return webhooks.deliveries(project.slug(), created.webhook().id(), 0, admin)
                        .deliveries()
                        .getFirst()
                        .id();
            });
            Receiver.await(
                    WAIT, () -> "DELIVERED".equals(state(created.webhook().id())), "delivered");
            jdbc.sql("UPDATE webhook_delivery SET state = 'PENDING' WHERE public_id = ?")
                    .param(id)
                    .update();

            assertThatThrownBy(() ->
                            webhooks.redeliver(project.slug(), created.webhook().id(), id, admin))
                    .isInstanceOfSatisfying(
                            Refusal.class, r -> assertThat(r.status()).isEqualTo(409));
        }
    }

    @Test
    void anEventWhoseTransactionRollsBackLeavesNoDelivery() {
        try (Receiver receiver = new Receiver()) {
            CreatedWebhook created = hook(receiver, "annotator.paused");

            new TransactionTemplate(transactions).executeWithoutResult(status -> {
                members.pause(project.slug(), labeler.username(), admin);
                assertThat(state(created.webhook().id())).isEqualTo("PENDING");
                status.setRollbackOnly();
            });

            assertThat(state(created.webhook().id())).isEqualTo("none");
            assertThat(jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'webhook-delivery'")
                            .query(Long.class)
                            .single())
                    .isZero();
            assertThat(receiver.requests()).isZero();
        }
    }

    @Test
    void onlyEnabledWebhooksOfTheEventGetIt() {
        try (Receiver receiver = new Receiver()) {
            CreatedWebhook snapshots = hook(receiver, "snapshot.created");
            CreatedWebhook disabled = hook(receiver, "annotator.paused");
            webhooks.setEnabled(project.slug(), disabled.webhook().id(), false, admin);

            members.pause(project.slug(), labeler.username(), admin);

            assertThat(state(snapshots.webhook().id())).isEqualTo("none");
            assertThat(state(disabled.webhook().id())).isEqualTo("none");
        }
    }

    @Test
    void anItemIsSentOnceEvenWhenItCompletesAgain() {
        try (Receiver receiver = new Receiver()) {
            CreatedWebhook created = hook(receiver, "item.completed");
            long item = data.item(project, "it-1", 0, "a", "b");

            transaction(() -> {
                events.publishEvent(new ItemCompleted(project.id(), item, 1L));
                return null;
            });
            transaction(() -> {
                events.publishEvent(new ItemCompleted(project.id(), item, 2L));
                return null;
            });

            Receiver.await(
                    WAIT, () -> "DELIVERED".equals(state(created.webhook().id())), "delivered");
            assertThat(receiver.requests()).isEqualTo(1);
            JsonNode payload = json.readTree(receiver.received().getFirst().body());
            assertThat(payload.get("data").get("externalId").asString()).isEqualTo("it-1");
        }
    }

    @Test
    void theTestEventGoesToTheOneWebhook() {
        try (Receiver receiver = new Receiver()) {
            CreatedWebhook created = hook(receiver, "snapshot.created");

            webhooks.sendTest(project.slug(), created.webhook().id(), admin);

            Receiver.await(WAIT, () -> receiver.requests() == 1, "one post");
            assertThat(receiver.received().getFirst().event()).isEqualTo("webhook.test");
        }
    }

    <T> T transaction(java.util.function.Supplier<T> work) {
        return new TransactionTemplate(transactions).execute(status -> work.get());
    }
}
