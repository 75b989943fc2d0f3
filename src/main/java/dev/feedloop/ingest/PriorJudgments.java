package dev.feedloop.ingest;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The prior judgments of items: the preferences, ratings, rankings and labels an imported dataset
 * held ({@code ?priors=import}). They are kept apart from people's rankings, in {@code
 * prior_judgment}, and count in no agreement, accuracy or export.
 */
@Service
public class PriorJudgments {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Projects projects;

    PriorJudgments(JdbcClient jdbc, JsonMapper json, Projects projects) {
        this.jdbc = jdbc;
        this.json = json;
        this.projects = projects;
    }

    /**
     * The prior judgments of the project's item {@code externalId}, oldest first (reviewers and
     * administrators, as the item explorer); 404 when the project has no such item.
     */
    @Transactional(readOnly = true)
    public List<PriorJudgmentView> of(String slug, String externalId, AccountPrincipal me) {
        ProjectSettings project = projects.requireRole(slug, me, ProjectRole.REVIEWER);
        long itemId = jdbc.sql("SELECT id FROM item WHERE project_id = ? AND external_id = ?")
                .params(project.id(), externalId)
                .query(Long.class)
                .optional()
                .orElseThrow(() -> IngestRefusals.noSuchItem(externalId));
        return jdbc.sql("""
                        SELECT p.id, p.kind, p.judgment::text AS judgment, p.source_format, p.import_id, b.file_name,
                               p.created_at
                        FROM prior_judgment p LEFT JOIN import_batch b ON b.id = p.import_id
                        WHERE p.item_id = ?
                        ORDER BY p.id
                        """)
                .param(itemId)
                .query((rs, n) -> new PriorJudgmentView(
                        rs.getLong("id"),
                        rs.getString("kind"),
                        json.readTree(rs.getString("judgment")),
                        rs.getString("source_format"),
                        (Long) rs.getObject("import_id"),
                        rs.getString("file_name"),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }
}
