package dev.feedloop.database;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded PostgreSQL that starts when no {@code spring.datasource.url} is set.
 *
 * @param dataDir where the cluster's files live; kept across restarts
 * @param port TCP port on the loopback interface; 0 picks a free one at every start
 * @param database name of the application database inside the cluster
 * @param startupTimeout how long to wait for the server to accept connections
 */
@ConfigurationProperties("feedloop.embedded-db")
public record EmbeddedDatabaseProperties(
        @DefaultValue("./data/postgres") Path dataDir,
        @DefaultValue("0") int port,
        @DefaultValue("feedloop") String database,
        @DefaultValue("60s") Duration startupTimeout) {}
