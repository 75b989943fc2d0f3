package dev.feedloop.workqueue;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.ingest.ImportView;
import dev.feedloop.ingest.Imports;
import dev.feedloop.ingest.ItemCounts;
import dev.feedloop.ingest.Items;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a project holds and how far its work is: items, candidates, task slots by kind and state,
 * recent imports. Task slots are the queue's own; items, candidates and imports come from the ingest
 * API.
 */
@Service
public class ProjectProgress {

    private final Projects projects;
    private final Items items;
    private final Imports imports;
    private final JdbcClient jdbc;

    ProjectProgress(Projects projects, Items items, Imports imports, JdbcClient jdbc) {
        this.projects = projects;
        this.items = items;
        this.imports = imports;
        this.jdbc = jdbc;
    }

    /** Task slots of one kind: how many are open, leased (being worked on) and done. */
    public record TaskCounts(String kind, long open, long leased, long done) {

        public long total() {
            return open + leased + done;
        }

        /** Done slots in percent of all slots, 0 when there are none. */
        public int percentDone() {
            return total() == 0 ? 0 : (int) Math.floor(100.0 * done / total());
        }
    }

    /**
     * @param rankableItems items with two or more candidates (they get rank slots)
     * @param recentImports the newest imports, for administrators (empty for others)
     */
    public record Overview(
            ProjectSettings project,
            long items,
            long candidates,
            long rankableItems,
            TaskCounts write,
            TaskCounts rank,
            List<ImportView> recentImports) {}

    /** The overview of a project the person may see. */
    @Transactional(readOnly = true)
    public Overview of(String slug, AccountPrincipal user) {
        ProjectSettings project = projects.requireVisible(slug, user);
        ItemCounts counts = items.counts(project.id());
        List<ImportView> recent = user.admin() ? imports.history(slug, 5, user) : List.of();
        return new Overview(
                project,
                counts.items(),
                counts.candidates(),
                counts.rankableItems(),
                tasks(project.id(), "WRITE"),
                tasks(project.id(), "RANK"),
                recent);
    }

    private TaskCounts tasks(long projectId, String kind) {
        return jdbc.sql("""
                        SELECT count(*) FILTER (WHERE state = 'OPEN') AS open,
                               count(*) FILTER (WHERE state = 'LEASED') AS leased,
                               count(*) FILTER (WHERE state = 'DONE') AS done
                        FROM task WHERE project_id = ? AND kind = ? AND gold_for IS NULL
                        """)
                .params(projectId, kind)
                .query((rs, n) -> new TaskCounts(kind, rs.getLong("open"), rs.getLong("leased"), rs.getLong("done")))
                .single();
    }
}
