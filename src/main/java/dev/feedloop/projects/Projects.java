package dev.feedloop.projects;

import dev.feedloop.accounts.AccountPrincipal;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finding projects and checking what a person may do in them. Administrators see every project and
 * hold every role; anyone else sees only projects they are a member of, and an unknown project
 * looks exactly like one they may not see (404).
 */
@Service
public class Projects {

    private static final String SETTINGS_COLUMNS = """
            id, slug, name, description, status, demonstrations_per_item, rankings_per_item, lease_minutes,
            ties_allowed, rating_dimensions::text AS rating_dimensions, flags::text AS flags,
            hide_model_names, pairwise_strength
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    Projects(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Transactional(readOnly = true)
    public Optional<ProjectSettings> find(String slug) {
        return jdbc.sql("SELECT " + SETTINGS_COLUMNS + " FROM project WHERE slug = ?")
                .param(slug)
                .query((rs, n) -> settings(rs))
                .optional();
    }

    @Transactional(readOnly = true)
    public ProjectSettings get(long id) {
        return jdbc.sql("SELECT " + SETTINGS_COLUMNS + " FROM project WHERE id = ?")
                .param(id)
                .query((rs, n) -> settings(rs))
                .optional()
                .orElseThrow(() -> ProjectException.notFound("#" + id));
    }

    /** The project if {@code user} may see it; else 404, whether or not it exists. */
    @Transactional(readOnly = true)
    public ProjectSettings requireVisible(String slug, AccountPrincipal user) {
        ProjectSettings project = find(slug).orElseThrow(() -> ProjectException.notFound(slug));
        if (!user.admin() && !isMember(project.id(), user.id())) {
            throw ProjectException.notFound(slug);
        }
        return project;
    }

    /** The project if {@code user} holds {@code role} in it (admins hold every role); else 404 or 403. */
    @Transactional(readOnly = true)
    public ProjectSettings requireRole(String slug, AccountPrincipal user, ProjectRole role) {
        ProjectSettings project = requireVisible(slug, user);
        if (!user.admin() && !rolesOf(project.id(), user.id()).contains(role)) {
            throw ProjectException.missingRole(slug, role);
        }
        return project;
    }

    /** The roles a user holds in a project (empty when not a member; admins' implicit roles not included). */
    @Transactional(readOnly = true)
    public Set<ProjectRole> rolesOf(long projectId, long userId) {
        List<String> roles = jdbc.sql("SELECT unnest(roles) FROM project_member WHERE project_id = ? AND user_id = ?")
                .params(projectId, userId)
                .query(String.class)
                .list();
        Set<ProjectRole> result = EnumSet.noneOf(ProjectRole.class);
        roles.forEach(r -> result.add(ProjectRole.valueOf(r)));
        return result;
    }

    /** The current (newest) guidelines, or version 0 with empty content when none were written. */
    @Transactional(readOnly = true)
    public GuidelineView currentGuidelines(long projectId) {
        return jdbc.sql("""
                        SELECT project_id, version, content, author_id, created_at FROM guideline_version
                        WHERE project_id = ? ORDER BY version DESC LIMIT 1
                        """)
                .param(projectId)
                .query((rs, n) -> new GuidelineView(
                        rs.getLong("project_id"),
                        rs.getInt("version"),
                        rs.getString("content"),
                        (Long) rs.getObject("author_id"),
                        rs.getTimestamp("created_at").toInstant()))
                .optional()
                .orElse(new GuidelineView(projectId, 0, "", null, null));
    }

    private boolean isMember(long projectId, long userId) {
        return jdbc.sql("SELECT count(*) FROM project_member WHERE project_id = ? AND user_id = ?")
                        .params(projectId, userId)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    private ProjectSettings settings(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new ProjectSettings(
                rs.getLong("id"),
                rs.getString("slug"),
                rs.getString("name"),
                rs.getString("description"),
                ProjectStatus.valueOf(rs.getString("status")),
                rs.getInt("demonstrations_per_item"),
                rs.getInt("rankings_per_item"),
                rs.getInt("lease_minutes"),
                rs.getBoolean("ties_allowed"),
                json.readValue(rs.getString("rating_dimensions"), new TypeReference<List<RatingDimension>>() {}),
                json.readValue(rs.getString("flags"), new TypeReference<List<String>>() {}),
                rs.getBoolean("hide_model_names"),
                rs.getBoolean("pairwise_strength"));
    }
}
