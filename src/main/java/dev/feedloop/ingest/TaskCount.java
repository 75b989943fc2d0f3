package dev.feedloop.ingest;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts a project's task slots, before and after an import's writing, so the import can report
 * how many the work queue created for it. This reads the work queue's {@code task} table: the work
 * queue depends on this module (it listens to {@link ItemsImported}), so asking its API would make
 * a cycle; docs/decisions.md names this read.
 */
@Component
class TaskCount {

    private final JdbcClient jdbc;

    TaskCount(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long of(long projectId) {
        return jdbc.sql("SELECT count(*) FROM task WHERE project_id = ?")
                .param(projectId)
                .query(Long.class)
                .single();
    }
}
