package dev.feedloop.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerState;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The job runner's health ({@code jobs}, part of the readiness group): UP while the scheduler runs,
 * DOWN before it has started, OUT_OF_SERVICE while it shuts down. A server with {@code
 * feedloop.jobs.enabled=false} runs no jobs by choice and is UP, saying so.
 */
@Component("jobsHealthIndicator")
class JobsHealth implements HealthIndicator {

    private final Scheduler scheduler;
    private final JobsProperties properties;

    JobsHealth(Scheduler scheduler, JobsProperties properties) {
        this.scheduler = scheduler;
        this.properties = properties;
    }

    @Override
    public Health health() {
        if (!properties.enabled()) {
            return Health.up()
                    .withDetail("scheduler", "disabled")
                    .withDetail("reason", "feedloop.jobs.enabled=false: other servers of this database run the jobs")
                    .build();
        }
        SchedulerState state = scheduler.getSchedulerState();
        if (state.isShuttingDown()) {
            return Health.outOfService().withDetail("scheduler", "stopping").build();
        }
        if (!state.isStarted()) {
            return Health.down().withDetail("scheduler", "not started").build();
        }
        return Health.up()
                .withDetail("scheduler", state.isPaused() ? "paused" : "running")
                .withDetail("threads", properties.threads())
                .withDetail("executing", scheduler.getCurrentlyExecuting().size())
                .build();
    }
}
