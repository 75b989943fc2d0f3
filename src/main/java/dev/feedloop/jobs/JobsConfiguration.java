package dev.feedloop.jobs;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import java.util.ArrayList;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * The server's db-scheduler, built here rather than by its Boot starter (whose auto-configuration
 * expects Boot 3 classes and creates no scheduler beside Boot 4's data source). It uses the
 * application's data source through a transaction-aware proxy, so a job scheduled inside a use
 * case's transaction commits or rolls back with it. Its table is {@code scheduled_tasks}
 * (V78__jobs_scheduled_tasks.sql).
 */
@Configuration(proxyBeanMethods = false)
class JobsConfiguration {

    @Bean
    Scheduler scheduler(DataSource dataSource, ObjectProvider<Task<?>> tasks, JobsProperties properties) {
        return Scheduler.create(
                        new TransactionAwareDataSourceProxy(dataSource),
                        tasks.orderedStream().collect(Collectors.toCollection(ArrayList::new)))
                .threads(properties.threads())
                .pollingInterval(properties.pollingInterval())
                .heartbeatInterval(properties.heartbeatInterval())
                .missedHeartbeatsLimit(properties.missedHeartbeats())
                .shutdownMaxWait(properties.shutdownMaxWait())
                .commitWhenAutocommitDisabled(false)
                .enableImmediateExecution()
                .build();
    }
}
