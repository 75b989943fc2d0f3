package dev.feedloop.metrics;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The metrics' settings.
 *
 * @param scrapeToken the bearer token a Prometheus server sends to read {@code
 *     /actuator/prometheus}; unset, only administrators may read it
 * @param gaugeCacheTime how long one reading of the backlog gauges is reused: scrapes within it
 *     (several Prometheus servers, or a quick reload) cost no query
 */
@ConfigurationProperties("feedloop.metrics")
public record MetricsProperties(
        @Nullable String scrapeToken, @DefaultValue("5s") Duration gaugeCacheTime) {}
