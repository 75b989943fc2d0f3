package dev.feedloop.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The job scheduler's settings.
 *
 * @param threads executions this server runs at once
 * @param pollingInterval how often this server looks for due executions (a job scheduled on this
 *     server starts at once after its transaction commits)
 * @param heartbeatInterval how often a running execution reports that its server is alive
 * @param missedHeartbeats heartbeats missed before another server takes over the execution of a
 *     server that died
 * @param shutdownMaxWait how long stopping the server waits for running executions
 * @param enabled whether this server runs jobs at all (off: it still schedules them, for the
 *     servers of the same database that run them)
 */
@ConfigurationProperties("feedloop.jobs")
public record JobsProperties(
        @DefaultValue("10") int threads,
        @DefaultValue("2s") Duration pollingInterval,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("6") int missedHeartbeats,
        @DefaultValue("30s") Duration shutdownMaxWait,
        @DefaultValue("true") boolean enabled) {}
