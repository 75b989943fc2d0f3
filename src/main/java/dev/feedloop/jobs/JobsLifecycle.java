package dev.feedloop.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Starts the scheduler once the application is ready (migrations applied, every task bean made)
 * and stops it first when the application closes, before the web server and the data source: no
 * new execution starts, and running ones get {@link JobsProperties#shutdownMaxWait()} to finish
 * (tasks see {@code isShuttingDown()} and hand their remaining work back).
 */
@Component
class JobsLifecycle implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobsLifecycle.class);

    private final Scheduler scheduler;
    private final JobsProperties properties;
    private volatile boolean running;

    JobsLifecycle(Scheduler scheduler, JobsProperties properties) {
        this.scheduler = scheduler;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    void ready() {
        if (properties.enabled()) {
            start();
        } else {
            log.info("Job scheduler not started (feedloop.jobs.enabled=false): other servers run the jobs");
        }
    }

    @Override
    public boolean isAutoStartup() {
        return false;
    }

    /**
     * Not stopped when the context is paused (the test framework pauses the contexts it keeps and
     * restarts only their auto-startup beans; a db-scheduler scheduler does not start again once
     * stopped).
     */
    @Override
    public boolean isPauseable() {
        return false;
    }

    @Override
    public synchronized void start() {
        if (!running) {
            scheduler.start();
            running = true;
            log.info("Job scheduler started");
        }
    }

    @Override
    public synchronized void stop() {
        if (running) {
            running = false;
            scheduler.stop();
            log.info("Job scheduler stopped");
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
