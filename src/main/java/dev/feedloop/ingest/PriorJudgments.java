package dev.feedloop.ingest;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.projects.ProjectRole;
import dev.feedloop.projects.ProjectSettings;
import dev.feedloop.projects.Projects;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The prior judgments of items: the preferences, ratings, rankings and labels an imported dataset
 * held ({@code ?priors=import}). They are kept apart from people's rankings, in {@code
 * prior_judgment}, and count in no agreement, accuracy or export; the judges report measures them
 * against people when asked ({@link #rankings}).
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

    /** Whether any item of the project has a prior judgment. */
    @Transactional(readOnly = true)
    public boolean any(long projectId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM prior_judgment WHERE project_id = ?)")
                .param(projectId)
                .query(Boolean.class)
                .single();
    }

    /**
     * Per source format and item, the ranking its prior judgments make together, tiered as a gold
     * answer from them would be ({@code ?priors=gold}); items whose judgments rank fewer than two
     * candidates or tie them all are left out. For measuring a dataset's judgments against people
     * when asked; callers check the role.
     */
    @Transactional(readOnly = true)
    public List<PriorRanking> rankings(long projectId) {
        record Key(String source, long item) {}
        Map<Key, List<ItemRecord.PriorRecord>> byItem = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT source_format, item_id, kind, judgment::text FROM prior_judgment
                        WHERE project_id = ? ORDER BY source_format, item_id, id
                        """)
                .param(projectId)
                .query((rs, n) -> byItem.computeIfAbsent(
                                new Key(rs.getString(1), rs.getLong(2)), k -> new ArrayList<>())
                        .add(new ItemRecord.PriorRecord(rs.getString(3), (ObjectNode) json.readTree(rs.getString(4)))))
                .list();
        List<PriorRanking> rankings = new ArrayList<>();
        byItem.forEach((key, priors) -> {
            List<List<String>> tiers = MergingSink.tiers(priors);
            if (!tiers.isEmpty()) {
                rankings.add(new PriorRanking(key.source(), key.item(), tiers));
            }
        });
        return rankings;
    }
}
