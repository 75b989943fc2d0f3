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
        if (!tables.isEmpty()) {
            jdbc.sql("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE")
                    .update();
        }
    }
}
