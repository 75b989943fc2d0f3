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
            "feedloop.generation.test-timeout=2s"
        })
@AutoConfigureMockMvc
@Import(TestDataConfiguration.class)
@ExtendWith(CleanDatabaseExtension.class)
public @interface IntegrationTest {}
