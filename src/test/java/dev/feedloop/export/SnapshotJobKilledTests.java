package dev.feedloop.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.feedloop.accounts.UserView;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.ServerProcess;
import dev.feedloop.testsupport.TableLock;
import dev.feedloop.testsupport.TestData;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kill -9} of a server while its snapshot job writes: the killed attempt leaves no snapshot
 * rows, and another server makes the snapshot on the job's second attempt. The servers are
 * processes of their own ({@link ServerProcess}) on the test's database; this test's own scheduler
 * is paused meanwhile, so that only they run the job.
 */
@IntegrationTest
class SnapshotJobKilledTests {

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
    void aServerKilledMidSnapshotLeavesNoRowsAndAnotherServerMakesItOnItsSecondAttempt() {
        UserView admin = data.admin();
        long projectId = data.project().slug("killed-snapshot").create().id();
        long annotator = data.user().id();
        data.rankedItems(projectId, 6, annotator);
        scheduler.pause();
        long jobId;
        try {
            try (ServerProcess first = ServerProcess.start("snapshot-killed")) {
                // the job's writing transaction stops at its first file
                try (TableLock files = TableLock.exclusive(dataSource, "snapshot_file")) {
                    var answer = first.send(
                            "POST",
                            "/api/v1/projects/killed-snapshot/snapshots?kind=preferences&format=trl",
                            admin.username(),
                            null,
                            null);
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                    jobId = json.readTree(answer.body()).get("id").asLong();
                    first.await(() -> blockedWriting(jobId), Duration.ofSeconds(60), "to write snapshot job " + jobId);
                    assertThat(state(jobId)).isEqualTo("RUNNING");

                    first.kill();
                    files.close();
                }
                assertThat(count("snapshot"))
                        .as("snapshots of the killed attempt")
                        .isZero();
                assertThat(count("snapshot_file")).isZero();
            }
            try (ServerProcess second = ServerProcess.start("snapshot-survivor")) {
                second.await(
                        () -> !List.of("QUEUED", "RUNNING").contains(state(jobId)),
                        Duration.ofSeconds(60),
                        "to finish snapshot job " + jobId);
            }
        } finally {
            scheduler.resume();
        }
        assertThat(state(jobId)).isEqualTo("DONE");
        assertThat(jdbc.sql("SELECT attempts FROM snapshot_job WHERE id = ?")
                        .param(jobId)
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
        assertThat(count("snapshot")).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM snapshot_file f JOIN snapshot_job j ON j.snapshot_id = f.snapshot_id"
                                + " WHERE j.id = ?")
                        .param(jobId)
                        .query(Long.class)
                        .single())
                .isEqualTo(count("snapshot_file"))
                .isPositive();
    }

    boolean blockedWriting(long jobId) {
        return TableLock.blocks(jdbc, SnapshotJobWorker.connectionName(jobId));
    }

    String state(long jobId) {
        return jdbc.sql("SELECT state FROM snapshot_job WHERE id = ?")
                .param(jobId)
                .query(String.class)
                .single();
    }

    long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }
}
