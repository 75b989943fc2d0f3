package dev.feedloop.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.feedloop.accounts.UserView;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.ServerProcess;
import dev.feedloop.testsupport.TableLock;
import dev.feedloop.testsupport.TestData;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kill -9} of a server while its import job is writing: nothing of the import is left, and
 * another server takes the execution over once the dead one's heartbeats stop and imports the file
 * exactly once. The servers are processes of their own ({@link ServerProcess}) on the test's
 * database; this test's own scheduler is paused meanwhile, so that only they run the job.
 */
@IntegrationTest
class ImportJobKilledTests {

    static final int ITEMS = 5_000;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Scheduler scheduler;

    @Autowired
    JsonMapper json;

    @Test
    void aServerKilledMidWriteLeavesNothingAndAnotherServerImportsTheFileOnce() {
        UserView admin = data.admin();
        ProjectSettings project = data.project().createAsAdmin();
        scheduler.pause();
        try {
            long importId;
            try (ServerProcess first = ServerProcess.start("import-killed")) {
                // the job's writing transaction stops at the work queue's rows of its first batch
                try (TableLock queue = TableLock.exclusive(dataSource, "queue_item")) {
                    var answer = first.send(
                            "POST",
                            "/api/v1/projects/" + project.slug() + "/items",
                            admin.username(),
                            "application/x-ndjson",
                            TestData.itemLines("k", ITEMS));
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                    JsonNode queued = json.readTree(answer.body());
                    importId = queued.get("id").asLong();
                    assertThat(answer.headers().firstValue("Location"))
                            .hasValue("/api/v1/projects/" + project.slug() + "/imports/" + importId);
                    first.await(() -> blockedWriting(importId), Duration.ofSeconds(60), "to write import " + importId);
                    assertThat(runner(importId)).endsWith("/" + first.pid());
                    assertThat(attempts(importId)).isEqualTo(1);

                    first.kill();
                    queue.close();
                }
                assertThat(count("item")).as("items of the killed import").isZero();
                assertThat(status(importId)).isEqualTo("WRITING");
            }
            try (ServerProcess second = ServerProcess.start("import-survivor")) {
                second.await(
                        () -> status(importId).equals("DONE")
                                || status(importId).equals("FAILED"),
                        Duration.ofSeconds(60),
                        "to finish import " + importId);
                assertThat(status(importId)).isEqualTo("DONE");
                assertThat(attempts(importId)).isEqualTo(2);
                assertThat(runner(importId)).endsWith("/" + second.pid());
            }
        } finally {
            scheduler.resume();
        }
        assertThat(count("item")).isEqualTo(ITEMS);
        assertThat(jdbc.sql("SELECT count(DISTINCT external_id) FROM item")
                        .query(Long.class)
                        .single())
                .isEqualTo(ITEMS);
        assertThat(count("candidate")).isEqualTo(ITEMS);
        assertThat(count("import_upload")).as("the stored upload is deleted").isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'ingest-import'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    boolean blockedWriting(long importId) {
        return TableLock.blocks(jdbc, Imports.connectionName(importId));
    }

    String status(long importId) {
        return jdbc.sql("SELECT status FROM import_batch WHERE id = ?")
                .param(importId)
                .query(String.class)
                .single();
    }

    int attempts(long importId) {
        return jdbc.sql("SELECT attempts FROM import_batch WHERE id = ?")
                .param(importId)
                .query(Integer.class)
                .single();
    }

    String runner(long importId) {
        return jdbc.sql("SELECT runner FROM import_batch WHERE id = ?")
                .param(importId)
                .query(String.class)
                .single();
    }

    long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
