package dev.feedloop.database;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;

/**
 * The main class of a child JVM for the crash tests: starts an embedded database on the directory
 * given as argument, writes one row, prints {@value #READY} and waits to be killed.
 */
public final class EmbeddedDatabaseProcess {

    static final String READY = "embedded database ready";

    private EmbeddedDatabaseProcess() {}

    public static void main(String[] args) throws Exception {
        var db = EmbeddedDatabase.start(
                new EmbeddedDatabaseProperties(Path.of(args[0]), 0, "feedloop", Duration.ofSeconds(60)));
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS note (text text)");
            statement.execute("INSERT INTO note VALUES ('written before the kill')");
        }
        System.out.println(READY);
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
