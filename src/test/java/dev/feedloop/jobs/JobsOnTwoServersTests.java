package dev.feedloop.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.Scheduler;
import dev.feedloop.accounts.UserView;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.testsupport.IntegrationTest;
import dev.feedloop.testsupport.ServerProcess;
import dev.feedloop.testsupport.TestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * With two servers up on one database, each a process of its own ({@link ServerProcess}), every
 * durable job runs exactly once: imports and snapshots asked for on either server are each picked
 * up by one of them, on their first attempt, and write their rows once. This test's own scheduler
 * is paused meanwhile, so that only the two servers run jobs.
 */
@IntegrationTest
class JobsOnTwoServersTests {

    static final int ITEMS = 2_000;

    @Autowired
    TestData data;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Scheduler scheduler;

    @Autowired
    JsonMapper json;

    @Test
    void importsAndSnapshotsAskedForOnEitherOfTwoServersEachRunOnce() {
        UserView admin = data.admin();
        List<ProjectSettings> imported = new ArrayList<>();
        for (int p = 1; p <= 4; p++) {
            imported.add(data.project().slug("imported-" + p).createAsAdmin());
        }
        List<Long> snapshotted = new ArrayList<>();
        long annotator = data.user().id();
        for (int p = 1; p <= 2; p++) {
            long projectId = data.project().slug("snapshotted-" + p).create().id();
            snapshotted.add(projectId);
            data.rankedItems(projectId, 20, annotator);
        }

        scheduler.pause();
        try (ServerProcess first = ServerProcess.start("jobs-a");
                ServerProcess second = ServerProcess.start("jobs-b")) {
            List<ServerProcess> servers = List.of(first, second);
            List<Long> imports = new ArrayList<>();
            for (int p = 0; p < imported.size(); p++) {
                var answer = servers.get(p % 2)
                        .send(
                                "POST",
                                "/api/v1/projects/" + imported.get(p).slug() + "/items",
                                admin.username(),
                                "application/x-ndjson",
                                TestData.itemLines("p" + p, ITEMS));
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                imports.add(json.readTree(answer.body()).get("id").asLong());
            }
            List<Long> snapshots = new ArrayList<>();
            for (int p = 0; p < snapshotted.size(); p++) {
                var answer = servers.get(p % 2)
                        .send(
                                "POST",
                                "/api/v1/projects/snapshotted-" + (p + 1) + "/snapshots?kind=preferences&format=trl",
                                admin.username(),
                                null,
                                null);
                assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
                snapshots.add(json.readTree(answer.body()).get("id").asLong());
            }

            first.await(
                    () -> count("SELECT count(*) FROM import_batch WHERE status NOT IN ('DONE', 'FAILED')") == 0
                            && count("SELECT count(*) FROM snapshot_job WHERE state IN ('QUEUED', 'RUNNING')") == 0,
                    Duration.ofSeconds(90),
                    "to finish the imports and snapshots");
            assertThat(second.isAlive()).isTrue();

            List<String> runners = List.of("/" + first.pid(), "/" + second.pid());
            for (int p = 0; p < imports.size(); p++) {
                long id = imports.get(p);
                assertThat(jdbc.sql("SELECT status || ' attempt ' || attempts FROM import_batch WHERE id = ?")
                                .param(id)
                                .query(String.class)
                                .single())
                        .isEqualTo("DONE attempt 1");
                assertThat(jdbc.sql("SELECT runner FROM import_batch WHERE id = ?")
                                .param(id)
                                .query(String.class)
                                .single())
                        .as("the server that ran import %d", id)
                        .matches(runner -> runners.stream().anyMatch(runner::endsWith));
                long projectId = imported.get(p).id();
                assertThat(count("SELECT count(*) FROM item WHERE project_id = " + projectId))
                        .isEqualTo(ITEMS);
                assertThat(count("SELECT count(DISTINCT external_id) FROM item WHERE project_id = " + projectId))
                        .isEqualTo(ITEMS);
                assertThat(count("SELECT count(*) FROM candidate c JOIN item i ON i.id = c.item_id"
                                + " WHERE i.project_id = " + projectId))
                        .isEqualTo(ITEMS);
            }
            assertThat(count("SELECT count(*) FROM import_upload"))
                    .as("stored uploads")
                    .isZero();

            for (long id : snapshots) {
                assertThat(jdbc.sql("SELECT state || ' attempt ' || attempts FROM snapshot_job WHERE id = ?")
                                .param(id)
                                .query(String.class)
                                .single())
                        .isEqualTo("DONE attempt 1");
            }
            assertThat(count("SELECT count(*) FROM snapshot")).isEqualTo(snapshots.size());
            assertThat(count("SELECT count(DISTINCT project_id) FROM snapshot")).isEqualTo(snapshots.size());
            assertThat(count("""
                            SELECT count(*) FROM snapshot_file f
                            WHERE NOT EXISTS (SELECT 1 FROM snapshot_job j WHERE j.snapshot_id = f.snapshot_id)
                            """)).as("snapshot files of no job").isZero();
            assertThat(count("""
                            SELECT count(*) FROM snapshot_job j
                            WHERE j.files_total <> (SELECT count(*) FROM snapshot_file f WHERE f.snapshot_id = j.snapshot_id)
                            """)).as("snapshots without exactly their files").isZero();
            assertThat(
                            count(
                                    "SELECT count(*) FROM scheduled_tasks WHERE task_name IN ('ingest-import', 'export-snapshot')"))
                    .as("executions left")
                    .isZero();
        } finally {
            scheduler.resume();
        }
    }

    long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
