package dev.feedloop.projects;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.audit.AuditAction;
import dev.feedloop.audit.AuditEntry;
import dev.feedloop.audit.AuditLog;
import dev.feedloop.rendering.DiffLine;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A project's guidelines: markdown, versioned. Every save that changes the text adds version n+1;
 * nothing is overwritten. Members read them, administrators write them.
 */
@Service
public class Guidelines {

    /** Unchanged lines shown around each change in a diff. */
    static final int CONTEXT_LINES = 3;

    static final int MAX_CHARACTERS = 200_000;

    private final Projects projects;
    private final JdbcClient jdbc;
    private final AuditLog audit;

    Guidelines(Projects projects, JdbcClient jdbc, AuditLog audit) {
        this.projects = projects;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /**
     * Saves {@code markdown} as the next version (administrators only), with LF line breaks. Returns
     * the new version, or the current one unchanged when the text is the same.
     */
    @Transactional
    public GuidelineView save(String slug, String markdown, AccountPrincipal user) {
        Projects.requireAdmin(user);
        ProjectSettings project = projects.requireVisible(slug, user);
        String content = markdown == null ? "" : LineBreaks.normalize(markdown);
        if (content.length() > MAX_CHARACTERS) {
            throw ProjectRefusals.invalid("content", "projects.error.guidelinesLength", MAX_CHARACTERS);
        }
        // Lock the project row: two saves at once get consecutive versions instead of a key clash.
        jdbc.sql("SELECT id FROM project WHERE id = ? FOR UPDATE")
                .param(project.id())
                .query(Long.class)
                .single();
        GuidelineView current = projects.currentGuidelines(project.id());
        if (current.version() > 0 && current.content().equals(content)) {
            return current;
        }
        jdbc.sql("INSERT INTO guideline_version (project_id, version, content, author_id) VALUES (?, ?, ?, ?)")
                .params(project.id(), current.version() + 1, content, user.id())
                .update();
        audit.record(AuditEntry.of(AuditAction.GUIDELINES_PUBLISHED)
                .by(user.id(), user.getUsername())
                .project(project.id())
                .target("guidelines:" + slug)
                .with("version", current.version() + 1)
                .with("characters", content.length()));
        return projects.currentGuidelines(project.id());
    }

    /** Every version, newest first (members of the project). */
    @Transactional(readOnly = true)
    public List<GuidelineVersionView> history(String slug, AccountPrincipal user) {
        ProjectSettings project = projects.requireVisible(slug, user);
        return jdbc.sql("""
                        SELECT g.version, g.author_id, u.display_name, g.created_at, length(g.content) AS characters
                        FROM guideline_version g LEFT JOIN app_user u ON u.id = g.author_id
                        WHERE g.project_id = ? ORDER BY g.version DESC
                        """)
                .param(project.id())
                .query((rs, n) -> new GuidelineVersionView(
                        rs.getInt("version"),
                        (Long) rs.getObject("author_id"),
                        rs.getString("display_name"),
                        rs.getTimestamp("created_at").toInstant(),
                        rs.getInt("characters")))
                .list();
    }

    /** One version (members of the project); 404 when it does not exist. */
    @Transactional(readOnly = true)
    public GuidelineView version(String slug, int version, AccountPrincipal user) {
        ProjectSettings project = projects.requireVisible(slug, user);
        return find(project.id(), version).orElseThrow(() -> ProjectRefusals.guidelineVersionNotFound(version));
    }

    /**
     * The line diff from the version before {@code version} (empty text for version 1) to it, with
     * {@value #CONTEXT_LINES} unchanged lines around each change.
     */
    @Transactional(readOnly = true)
    public List<DiffLine> diffToPrevious(String slug, int version, AccountPrincipal user) {
        GuidelineView current = version(slug, version, user);
        String previous = version <= 1
                ? ""
                : find(current.projectId(), version - 1)
                        .map(GuidelineView::content)
                        .orElse("");
        return diff(previous, current.content());
    }

    /** A line diff of two texts with {@value #CONTEXT_LINES} lines of context around changes. */
    static List<DiffLine> diff(String before, String after) {
        List<String> oldLines = lines(before);
        List<String> newLines = lines(after);
        Patch<String> patch = DiffUtils.diff(oldLines, newLines);
        List<DiffLine> all = new ArrayList<>();
        int oldIndex = 0;
        int newIndex = 0;
        for (AbstractDelta<String> delta : patch.getDeltas()) {
            int sourceStart = delta.getSource().getPosition();
            while (oldIndex < sourceStart) {
                all.add(new DiffLine(DiffLine.Kind.SAME, oldIndex + 1, newIndex + 1, oldLines.get(oldIndex)));
                oldIndex++;
                newIndex++;
            }
            for (String line : delta.getSource().getLines()) {
                all.add(new DiffLine(DiffLine.Kind.REMOVED, ++oldIndex, null, line));
            }
            for (String line : delta.getTarget().getLines()) {
                all.add(new DiffLine(DiffLine.Kind.ADDED, null, ++newIndex, line));
            }
        }
        while (oldIndex < oldLines.size()) {
            all.add(new DiffLine(DiffLine.Kind.SAME, oldIndex + 1, newIndex + 1, oldLines.get(oldIndex)));
            oldIndex++;
            newIndex++;
        }
        return withContext(all);
    }

    /** Keeps changed lines and up to {@value #CONTEXT_LINES} unchanged lines on each side of them. */
    private static List<DiffLine> withContext(List<DiffLine> all) {
        boolean[] keep = new boolean[all.size()];
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).kind() != DiffLine.Kind.SAME) {
                for (int j = Math.max(0, i - CONTEXT_LINES); j <= Math.min(all.size() - 1, i + CONTEXT_LINES); j++) {
                    keep[j] = true;
                }
            }
        }
        List<DiffLine> result = new ArrayList<>();
        boolean skipping = false;
        for (int i = 0; i < all.size(); i++) {
            if (keep[i]) {
                result.add(all.get(i));
                skipping = false;
            } else if (!skipping) {
                result.add(new DiffLine(DiffLine.Kind.SKIPPED, null, null, ""));
                skipping = true;
            }
        }
        return result;
    }

    private static List<String> lines(String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        return List.of(text.split("\r?\n", -1));
    }

    private java.util.Optional<GuidelineView> find(long projectId, int version) {
        return jdbc.sql("""
                        SELECT project_id, version, content, author_id, created_at FROM guideline_version
                        WHERE project_id = ? AND version = ?
                        """)
                .params(projectId, version)
                .query((rs, n) -> new GuidelineView(
                        rs.getLong("project_id"),
                        rs.getInt("version"),
                        rs.getString("content"),
                        (Long) rs.getObject("author_id"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional();
    }
}
