package dev.feedloop.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;

/**
 * The one application context of the test suite: a real server on a random port (for real-HTTP
 * and browser tests) with MockMvc beside it, on the test JVM's PostgreSQL. Every test starts from
 * empty tables.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            // a fixed server key for model endpoints' API keys, and a short "Test connection" wait
            "feedloop.generation.key-encryption-key=zQayYmpy3JHSAvkM3ZSSg+NHziHODIGkSxH+eTO4w8s=",
            "feedloop.generation.test-timeout=2s",
            // generation runs: short waits between attempts and for an answer, and quick job polling
            "feedloop.generation.runs.call-timeout=2s",
            "feedloop.generation.runs.backoff=100ms",
            "feedloop.jobs.polling-interval=250ms",
            // webhooks: the test receivers listen on this machine; quick retries and a short window
            "feedloop.webhooks.allow-private-addresses=true",
            "feedloop.webhooks.timeout=2s",
            "feedloop.webhooks.backoff=200ms",
            "feedloop.webhooks.max-backoff=1s",
            "feedloop.webhooks.max-age=4s",
            // Prometheus may read the metrics with this token; gauges are read again on every scrape
            "feedloop.metrics.scrape-token=" + IntegrationTest.SCRAPE_TOKEN,
            "feedloop.metrics.gauge-cache-time=0s"
        })
@AutoConfigureMockMvc
@Import(TestDataConfiguration.class)
@ExtendWith(CleanDatabaseExtension.class)
public @interface IntegrationTest {

    /** The scrape token of {@code /actuator/prometheus} in tests. */
    String SCRAPE_TOKEN = "test-scrape-token-0123456789";
}
