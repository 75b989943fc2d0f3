package dev.feedloop.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.feedloop.testsupport.IntegrationTest;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;

/** The job runner's part of readiness. */
@IntegrationTest
class JobsHealthTests {

    @Autowired
    DataSource dataSource;

    @Autowired
    Scheduler scheduler;

    @Autowired
    JobsProperties properties;

    @Test
    void theServersRunningSchedulerIsUp() {
        var health = new JobsHealth(scheduler, properties).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("scheduler", "running");
    }

    @Test
    void aSchedulerNotStartedIsDownAndOneStoppingIsOutOfService() {
        Scheduler notStarted = Scheduler.create(dataSource, List.of()).build();
        JobsProperties on = properties(true);
        assertThat(new JobsHealth(notStarted, on).health().getStatus()).isEqualTo(Status.DOWN);

        notStarted.stop();
        assertThat(new JobsHealth(notStarted, on).health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }

    @Test
    void aServerThatRunsNoJobsByChoiceIsUpAndSaysSo() {
        Scheduler notStarted = Scheduler.create(dataSource, List.of()).build();
        var health = new JobsHealth(notStarted, properties(false)).health();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("scheduler", "disabled");
    }

    private static JobsProperties properties(boolean enabled) {
        return new JobsProperties(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 6, Duration.ofSeconds(1), enabled);
    }
}
