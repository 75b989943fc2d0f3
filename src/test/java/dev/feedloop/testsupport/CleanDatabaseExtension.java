package dev.feedloop.testsupport;

import java.util.List;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/** Empties every application table before each test, so tests never see each other's data. */
public class CleanDatabaseExtension implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        JdbcClient jdbc = SpringExtension.getApplicationContext(context).getBean(JdbcClient.class);
        List<String> tables = jdbc.sql("""
                        SELECT quote_ident(tablename) FROM pg_tables
                        WHERE schemaname = current_schema() AND tablename <> 'flyway_schema_history'
                        """).query(String.class).list();
        if (tables.isEmpty()) {
            return;
        }
        // a job an earlier test started may still be running: let it end first, or it would finish
        // (and remove its execution) after this test scheduled one under the same id (ids restart)
        waitForRunningJobs(jdbc);
        // a job of an earlier test may still be finishing (it holds locks on the tables it writes,
        // which TRUNCATE's exclusive lock can deadlock with): PostgreSQL aborts one side, try again
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.sql("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE")
                        .update();
                return;
            } catch (org.springframework.dao.PessimisticLockingFailureException e) {
                if (attempt == 5) {
                    throw e;
                }
                try {
                    Thread.sleep(100L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private static void waitForRunningJobs(JdbcClient jdbc) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline
                && jdbc.sql("SELECT EXISTS (SELECT 1 FROM scheduled_tasks WHERE picked)")
                        .query(Boolean.class)
                        .single()) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
