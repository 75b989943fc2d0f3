package dev.feedloop.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.feedloop.problems.Refusal;
import java.io.IOException;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;

/**
 * Webhook URLs under the address rules: with private addresses not allowed (the default), loopback,
 * private and metadata addresses are refused when saved and when posted to.
 */
class WebhookUrlsTest {

    static WebhookUrls urls(boolean allowPrivate) {
        return new WebhookUrls(new WebhookProperties(
                Duration.ofSeconds(2), Duration.ofDays(1), Duration.ofSeconds(1), Duration.ofMinutes(1), allowPrivate));
    }

    @Test
    void loopbackPrivateAndMetadataAddressesAreRefused() {
        WebhookUrls strict = urls(false);
        for (String url : new String[] {
            "http://127.0.0.1:8080/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://localhost/hook",
            "http://10.1.2.3/hook",
            "http://192.168.0.10/hook",
            "http://[::1]/hook",
            "http://metadata.google.internal/computeMetadata/v1/"
        }) {
            assertThatThrownBy(() -> strict.check(url)).as(url).isInstanceOfSatisfying(Refusal.class, r -> {
                assertThat(r.status()).isEqualTo(422);
                assertThat(r.field()).isEqualTo("url");
            });
        }
    }

    @Test
    void theSameAddressesAreAllowedWhenTheServerAllowsThem() {
        WebhookUrls open = urls(true);

        assertThat(open.check(" http://127.0.0.1:8080/hook?x=1 ")).isEqualTo("http://127.0.0.1:8080/hook?x=1");
        assertThat(open.check("http://169.254.169.254/hook")).isEqualTo("http://169.254.169.254/hook");
    }

    @Test
    void aPostToALoopbackReceiverIsRefusedWhereTheConnectionIsMade() {
        try (Receiver receiver = new Receiver()) {
            Request post = new Request.Builder()
                    .url(receiver.url())
                    .post(RequestBody.create(new byte[0], MediaType.get("application/json")))
                    .build();

            assertThatThrownBy(() -> urls(false).client().newCall(post).execute())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("127.0.0.1");
            assertThat(receiver.requests()).isZero();
        }
    }

    @Test
    void backoffDoublesUpToItsLongest() {
        WebhookProperties properties = new WebhookProperties(
                Duration.ofSeconds(2), Duration.ofDays(1), Duration.ofSeconds(30), Duration.ofMinutes(5), false);

        assertThat(properties.backoffAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(properties.backoffAfter(2)).isEqualTo(Duration.ofSeconds(60));
        assertThat(properties.backoffAfter(4)).isEqualTo(Duration.ofSeconds(240));
        assertThat(properties.backoffAfter(5)).isEqualTo(Duration.ofMinutes(5));
        assertThat(properties.backoffAfter(40)).isEqualTo(Duration.ofMinutes(5));
    }
}
