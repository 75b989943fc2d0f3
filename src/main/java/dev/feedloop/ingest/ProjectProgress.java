package dev.feedloop.ingest;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a project holds and how far its work is: items, candidates, task slots by kind and state,
 * recent imports. Task slots belong to the work queue; they are counted here with read-only SQL so
 * that the overview does not depend on a later module.
 */
@Service
public class ProjectProgress {

    private final Projects projects;
    private final ImportBatches batches;
    private final JdbcClient jdbc;

    ProjectProgress(Projects projects, ImportBatches batches, JdbcClient jdbc) {
        this.projects = projects;
        this.batches = batches;
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
        var counts = jdbc.sql("""
                        SELECT count(*) AS items,
                               coalesce(sum(c.n), 0) AS candidates,
                               count(*) FILTER (WHERE c.n >= 2) AS rankable
                        FROM item i
                        LEFT JOIN LATERAL (SELECT count(*) AS n FROM candidate WHERE item_id = i.id) c ON true
                        WHERE i.project_id = ?
                        """)
                .param(project.id())
                .query((rs, n) -> new long[] {rs.getLong("items"), rs.getLong("candidates"), rs.getLong("rankable")})
                .single();
        List<ImportView> imports = user.admin() ? batches.recent(project.id(), 5) : List.of();
        return new Overview(
                project,
                counts[0],
                counts[1],
                counts[2],
                tasks(project.id(), "WRITE"),
                tasks(project.id(), "RANK"),
                imports);
    }

    private TaskCounts tasks(long projectId, String kind) {
        return jdbc.sql("""
                        SELECT count(*) FILTER (WHERE state = 'OPEN') AS open,
                               count(*) FILTER (WHERE state = 'LEASED') AS leased,
                               count(*) FILTER (WHERE state = 'DONE') AS done
                        FROM task WHERE project_id = ? AND kind = ?
                        """)
                .params(projectId, kind)
                .query((rs, n) -> new TaskCounts(kind, rs.getLong("open"), rs.getLong("leased"), rs.getLong("done")))
                .single();
    }
}
