package dev.feedloop.testsupport;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points every test application context at {@link TestDatabase}, unless the test set its own
 * {@code spring.datasource.url} (tests of the embedded-database start-up set it to blank).
 */
public class TestDatabaseProperties implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.datasource.url")) {
            return;
        }
        TestDatabase db = TestDatabase.get();
        environment
                .getPropertySources()
                .addLast(new MapPropertySource(
                        "feedloop-test-database",
                        Map.of(
                                "spring.datasource.url", db.url(),
                                "spring.datasource.username", db.username(),
                                "spring.datasource.password", db.password())));
    }
}
