package dev.feedloop.projects;

import dev.feedloop.accounts.AccountPrincipal;
import dev.feedloop.accounts.UserView;
import dev.feedloop.accounts.Users;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The members of a project and their project roles. Administrators manage them; a person who is
 * not a member does not see the project at all.
 */
@Service
public class Members {

    private final Projects projects;
    private final Users users;
    private final JdbcClient jdbc;

    Members(Projects projects, Users users, JdbcClient jdbc) {
        this.projects = projects;
        this.users = users;
        this.jdbc = jdbc;
    }

    /** The members, by display name (administrators only). */
    @Transactional(readOnly = true)
    public List<MemberView> list(String slug, AccountPrincipal user) {
        Projects.requireAdmin(user);
        ProjectSettings project = projects.requireVisible(slug, user);
        return jdbc.sql("""
                        SELECT u.id, u.username, u.display_name, u.enabled, m.roles, m.added_at
                        FROM project_member m JOIN app_user u ON u.id = m.user_id
                        WHERE m.project_id = ? ORDER BY lower(u.display_name), u.id
                        """)
                .param(project.id())
                .query((rs, n) -> new MemberView(
                        rs.getLong("id"),
                        rs.getString("username"),
                        rs.getString("display_name"),
                        rs.getBoolean("enabled"),
                        roles((String[]) rs.getArray("roles").getArray()),
                        rs.getTimestamp("added_at").toInstant()))
                .list();
    }

    /**
     * Makes {@code username} a member with exactly {@code roles} (at least one), adding them or
     * replacing their roles (administrators only).
     */
    @Transactional
    public MemberView setRoles(String slug, String username, Set<ProjectRole> roles, AccountPrincipal user) {
        Projects.requireAdmin(user);
        ProjectSettings project = projects.requireVisible(slug, user);
        if (roles == null || roles.isEmpty()) {
            throw ProjectRefusals.invalid("roles", "projects.error.noRoles");
        }
        UserView member = users.findByUsername(username == null ? "" : username.strip())
                .orElseThrow(() -> ProjectRefusals.userNotFound(username));
        String[] names = EnumSet.copyOf(roles).stream().map(Enum::name).toArray(String[]::new);
        jdbc.sql("""
                        INSERT INTO project_member (project_id, user_id, roles) VALUES (?, ?, ?)
                        ON CONFLICT (project_id, user_id) DO UPDATE SET roles = excluded.roles
                        """).params(project.id(), member.id(), names).update();
        return list(slug, user).stream()
                .filter(m -> m.userId() == member.id())
                .findFirst()
                .orElseThrow();
    }

    /** Removes a member (administrators only); their past work stays. */
    @Transactional
    public void remove(String slug, String username, AccountPrincipal user) {
        Projects.requireAdmin(user);
        ProjectSettings project = projects.requireVisible(slug, user);
        UserView member = users.findByUsername(username == null ? "" : username)
                .orElseThrow(() -> ProjectRefusals.memberNotFound(username));
        int removed = jdbc.sql("DELETE FROM project_member WHERE project_id = ? AND user_id = ?")
                .params(project.id(), member.id())
                .update();
        if (removed == 0) {
            throw ProjectRefusals.memberNotFound(username);
        }
    }

    private static Set<ProjectRole> roles(String[] names) {
        Set<ProjectRole> result = EnumSet.noneOf(ProjectRole.class);
        for (String name : names) {
            result.add(ProjectRole.valueOf(name));
        }
        return result;
    }
}
